using OnboardingBot.LocalAws.CloudFormation;
using OnboardingBot.LocalAws.State;

namespace OnboardingBot.LocalAws.Hosting;

internal sealed partial class LocalAwsEngine
{
    public ResolvedTemplate Deploy(CloudFormationTemplate template, StackContext? stack)
    {
        var resolved = template.Resolve(stack ?? new StackContext { AccountId = Options.AccountId, Region = Options.Region });
        lock (_gate)
        {
            TemplateDeployment.Apply(_state, Options.AccountId, resolved, Options.TimeProvider.GetUtcNow());
            _store?.Save(_state);
        }

        return resolved;
    }

    public LocalAwsAccessKey CreateUserWithAccessKey(string userName, string path, IEnumerable<string> managedPolicyArns, string? inlinePolicy)
    {
        lock (_gate)
        {
            if (_state.Users.TryGetValue(userName, out var existing) && existing.AccessKeys.FirstOrDefault(k => k.Status == "Active") is { } kept)
            {
                // Kept state (a restarted sandbox): the same principal, with the policies asked for now.
                existing.AttachedPolicies = [.. managedPolicyArns];
                existing.InlinePolicies.Clear();
                if (inlinePolicy is not null)
                {
                    existing.InlinePolicies["policy"] = Iam.Roles.ValidDocument(inlinePolicy);
                }

                _store?.Save(_state);
                return new LocalAwsAccessKey(existing.Arn, kept.AccessKeyId, kept.SecretAccessKey);
            }

            var now = Options.TimeProvider.GetUtcNow();
            var key = new AccessKeyState { AccessKeyId = Ids.AccessKeyId(), SecretAccessKey = Ids.SecretAccessKey(), CreateDate = now };
            var user = new IamUser
            {
                UserName = userName,
                UserId = Ids.UserId(),
                Path = path,
                Arn = $"arn:aws:iam::{Options.AccountId}:user{path}{userName}",
                CreateDate = now,
                AccessKeys = [key],
                AttachedPolicies = [.. managedPolicyArns],
            };
            if (inlinePolicy is not null)
            {
                Iam.Roles.ValidDocument(inlinePolicy);
                user.InlinePolicies["policy"] = inlinePolicy;
            }

            _state.Users[userName] = user;
            _store?.Save(_state);
            return new LocalAwsAccessKey(user.Arn, key.AccessKeyId, key.SecretAccessKey);
        }
    }

    public void ReplaceRolePolicies(string roleArn, string document)
    {
        lock (_gate)
        {
            var role = _state.Roles.Values.FirstOrDefault(r => r.Arn == roleArn)
                ?? throw new InvalidOperationException($"Role '{roleArn}' does not exist.");
            role.AttachedPolicies.Clear();
            role.InlinePolicies.Clear();
            role.InlinePolicies["policy"] = Iam.Roles.ValidDocument(document);
            _store?.Save(_state);
        }
    }
}
