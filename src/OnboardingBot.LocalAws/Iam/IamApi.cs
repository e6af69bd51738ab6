using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;

namespace OnboardingBot.LocalAws.Iam;

/// <summary>An IAM operation: returns the content of its <c>{Action}Result</c> element, or null when it has none.</summary>
internal delegate object? IamOperation(OperationContext context, QueryParams parameters);

internal static class IamApi
{
    public const string Version = "2010-05-08";

    private static readonly Dictionary<string, IamOperation> Operations = Build();

    public static object? Handle(OperationContext context, QueryParams parameters)
    {
        var action = parameters.Get("Action") ?? "";
        var version = parameters.Get("Version");
        if (!Operations.TryGetValue(action, out var operation) || (version is not null && version != Version))
        {
            throw new AwsErrorException("InvalidAction", $"Could not find operation {action} for version {version ?? Version}", 400);
        }

        var errors = ServiceModel.Iam.ValidateQuery(action, parameters.Values);
        if (errors.Count > 0)
        {
            throw AwsErrorException.Validation(ServiceModel.Describe(errors));
        }

        return operation(context, parameters);
    }

    private static Dictionary<string, IamOperation> Build()
    {
        var operations = new Dictionary<string, IamOperation>(StringComparer.Ordinal);
        Users.Register(operations);
        Groups.Register(operations);
        LoginProfiles.Register(operations);
        AccessKeys.Register(operations);
        Mfa.Register(operations);
        Account.Register(operations);
        CredentialReport.Register(operations);
        Policies.Register(operations);
        Roles.Register(operations);
        ManagedPolicies.Register(operations);
        AuthorizationDetails.Register(operations);
        return operations;
    }
}
