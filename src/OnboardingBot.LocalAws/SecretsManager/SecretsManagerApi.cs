using System.Text.Json;
using System.Text.Json.Nodes;

using OnboardingBot.LocalAws.Hosting;
using OnboardingBot.LocalAws.Protocol;

namespace OnboardingBot.LocalAws.SecretsManager;

/// <summary>A Secrets Manager operation: returns its JSON answer.</summary>
internal delegate JsonObject SecretsOperation(OperationContext context, JsonElement input);

internal static class SecretsManagerApi
{
    private static readonly Dictionary<string, SecretsOperation> Operations = Build();

    public static JsonObject Handle(OperationContext context, string operation, JsonElement input)
    {
        if (!Operations.TryGetValue(operation, out var handler))
        {
            throw new AwsErrorException("UnknownOperationException", $"Unknown operation {operation}", 400);
        }

        var errors = ServiceModel.SecretsManager.ValidateJson(operation, input);
        if (errors.Count > 0)
        {
            throw new AwsErrorException("ValidationException", ServiceModel.Describe(errors), 400);
        }

        return handler(context, input);
    }

    private static Dictionary<string, SecretsOperation> Build()
    {
        var operations = new Dictionary<string, SecretsOperation>(StringComparer.Ordinal);
        Secrets.Register(operations);
        SecretMetadata.Register(operations);
        return operations;
    }
}
