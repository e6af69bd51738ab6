using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OnboardingBot.Conversation;
using OnboardingBot.Persistence;
using OnboardingBot.Provisioning;
using OnboardingBot.Requests;

namespace OnboardingBot.Credentials;

/// <summary>
/// The last provisioning step: issues a one-time link to the stored credentials and queues it, encrypted, to the
/// new hire's 1:1 chat. Staged in the worker's unit of work, so link, message and step commit together.
/// </summary>
public sealed class DeliverCredentials(
    OnboardingDbContext db, Outbox outbox, RequestMessages messages, CredentialLinks links, IOptions<CredentialOptions> options, TimeProvider time)
{
    /// <summary>Stages the delivery of <paramref name="run"/>'s current secret.</summary>
    public async Task<StepResult> DeliverAsync(OnboardingRequest request, ProvisioningRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(run);
        if (request.NewHireAadObjectId is null)
        {
            return StepResult.Refused($"I don't know {request.NewHireName ?? "the new hire"} in Teams yet, so I can't send the sign-in details privately. Ask them to send me any message in a 1:1 chat");
        }

        var now = time.GetUtcNow();
        var open = await db.Set<CredentialDelivery>()
            .Where(d => d.RequestId == request.Id && (d.State == DeliveryState.Sent || d.State == DeliveryState.Expired || d.State == DeliveryState.Undelivered))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var older in open)
        {
            older.Supersede(now); // its secret is an earlier generation's: the sweeper deletes it
        }

        var (delivery, token) = CredentialDelivery.Issue(request.Id, request.NewHireAadObjectId, run.SecretArn!, now, options.Value.LinkLifetime);
        db.Add(delivery);
        var text = CredentialTexts.LinkMessage(options.Value.Locale, request.Reference, request.IamUserName, links.For(token), delivery.ExpiresAt);
        if (!await outbox.SendToPersonAsync(request.NewHireAadObjectId, Notifications.Text(text), cancellationToken, delivery.MessageKey, sensitive: true, expiresAt: delivery.ExpiresAt).ConfigureAwait(false))
        {
            return StepResult.Refused($"I haven't met {request.NewHireName ?? "the new hire"} in Teams yet, so I can't send the sign-in details privately. Ask them to send me any message in a 1:1 chat");
        }

        await messages.SendToThreadAsync(request, $"{request.Reference}: IAM user `{request.IamUserName}` is ready; I sent the sign-in details privately to {request.NewHireName ?? request.RequesterName ?? "the new hire"}.", cancellationToken).ConfigureAwait(false);
        return StepResult.Ok();
    }
}
