using System.Reflection;
using System.Reflection.Emit;

namespace OnboardingBot.Tests;

// The living picture of the architecture (README "Architecture"): read off the compiled assemblies, every reference a
// type makes (signatures, base types, attributes' types and every token in its method bodies, lambdas and state
// machines included) from one capability folder to another must be an edge of the graph below.
public sealed class ArchitectureTests
{
    // Who may reference whom. The base (Conversation, Persistence, Hosting) knows no capability; the onboarding
    // pipeline references only upstream (a later stage knows the earlier one; an earlier one reaches later stages
    // only through interfaces it owns: IApprovalHandOff, IRequestProgress, ICredentialHandOff, ICredentialsViewed);
    // capabilities that hang off the pipeline (the admin audit, offboarding) may read all of it; the sandbox and
    // Program compose everything.
    private static readonly string[] Base = ["Conversation", "Persistence", "Hosting"];

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Conversation"] = Base,
        ["Persistence"] = Base,
        ["Hosting"] = Base,
        ["Requests"] = [.. Base],
        ["Provisioning"] = [.. Base, "Requests"],
        ["Credentials"] = [.. Base, "Requests", "Provisioning"],
        ["Mfa"] = [.. Base, "Requests", "Provisioning", "Credentials"],
        ["AdminAudit"] = [.. Base, "Requests", "Provisioning", "Credentials", "Mfa"],
        ["Offboarding"] = [.. Base, "Requests", "Provisioning", "Credentials", "Mfa"],
    };

    private static readonly string[] ProtocolLibraries = ["OnboardingBot.BotFramework", "OnboardingBot.Aws", "OnboardingBot.LocalAws", "OnboardingBot.Secrets"];

    [Fact]
    public void CapabilitiesReferenceEachOtherInOneDirectionOnly()
    {
        var host = typeof(Program).Assembly;
        var edges = References(host)
            .Select(r => (From: Capability(r.From), To: Capability(r.To), r.From, r.To))
            .Where(r => r.From is not null && r.To is not null && r.From != r.To)
            .ToList();
        var forbidden = edges
            .Where(e => Allowed.TryGetValue(e.From!, out var allowed) && !allowed.Contains(e.To!))
            .Select(e => $"{e.From} → {e.To}: {Name(e.Item3)} uses {Name(e.Item4)}")
            .Distinct()
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.True(forbidden.Count == 0, "Against the architecture's direction:\n" + string.Join('\n', forbidden));

        // Every folder of the host is in the picture (a new capability must be placed in it).
        var folders = host.GetTypes().Select(Capability).OfType<string>().Distinct().ToList();
        Assert.All(folders, f => Assert.True(Allowed.ContainsKey(f) || f == "Sandbox", $"{f} is not in the architecture's graph"));
        // And the graph is not vacuous: the pipeline's upstream edges are really there.
        Assert.Contains(edges, e => e.From == "Mfa" && e.To == "Credentials");
        Assert.Contains(edges, e => e.From == "Credentials" && e.To == "Provisioning");
        Assert.Contains(edges, e => e.From == "Provisioning" && e.To == "Requests");
    }

    [Fact]
    public void ProtocolLibrariesKnowNothingOfTheHost()
    {
        foreach (var name in ProtocolLibraries)
        {
            var library = Assembly.Load(name);
            var host = library.GetReferencedAssemblies().Where(a => a.Name == "OnboardingBot").ToList();
            Assert.True(host.Count == 0, $"{name} references the host");
            Assert.DoesNotContain(References(library), r => r.To.Namespace?.StartsWith("OnboardingBot.", StringComparison.Ordinal) == true
                && Capability(r.To) is not null);
        }
    }

    [Fact]
    public void TheReaderFindsReferencesInsideMethodBodies()
    {
        // A guard for the test itself: a use only in a lambda inside an async method is still found.
        var found = References(typeof(ArchitectureTests).Assembly).Where(r => r.From == typeof(ArchitectureProbe)).Select(r => r.To).ToList();
        Assert.Contains(typeof(Uri), found);
    }

    // The capability of a host type: the folder after "OnboardingBot." (null for the global namespace: Program).
    private static string? Capability(Type type)
    {
        var ns = Outer(type).Namespace;
        if (ns is null || !ns.StartsWith("OnboardingBot.", StringComparison.Ordinal) || Outer(type).Assembly != typeof(Program).Assembly)
        {
            return null;
        }

        return ns["OnboardingBot.".Length..].Split('.')[0];
    }

    private static Type Outer(Type type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }

        return type;
    }

    private static string Name(Type type) => Outer(type).FullName ?? type.Name;

    private static IEnumerable<(Type From, Type To)> References(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            var from = Outer(type);
            foreach (var to in Signature(type).SelectMany(Expand))
            {
                yield return (from, Outer(to));
            }
        }
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> Signature(Type type)
    {
        if (type.BaseType is { } baseType)
        {
            yield return baseType;
        }

        foreach (var i in type.GetInterfaces())
        {
            yield return i;
        }

        foreach (var a in type.CustomAttributes)
        {
            yield return a.AttributeType;
        }

        foreach (var field in type.GetFields(All))
        {
            yield return field.FieldType;
        }

        foreach (var property in type.GetProperties(All))
        {
            yield return property.PropertyType;
        }

        foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (method is MethodInfo info)
            {
                yield return info.ReturnType;
            }

            foreach (var parameter in method.GetParameters())
            {
                yield return parameter.ParameterType;
            }

            foreach (var used in Body(method))
            {
                yield return used;
            }
        }
    }

    private static IEnumerable<Type> Expand(Type type)
    {
        if (type.HasElementType)
        {
            foreach (var t in Expand(type.GetElementType()!))
            {
                yield return t;
            }

            yield break;
        }

        if (type.IsGenericParameter)
        {
            yield break;
        }

        yield return type;
        if (type.IsGenericType)
        {
            foreach (var t in type.GetGenericArguments().SelectMany(Expand))
            {
                yield return t;
            }
        }
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    // Every type a method body names: its locals, and the tokens of calls, field accesses, casts, allocations.
    private static IEnumerable<Type> Body(MethodBase method)
    {
        MethodBody? body;
        try
        {
            body = method.GetMethodBody();
        }
        catch (InvalidOperationException)
        {
            yield break;
        }

        if (body is null)
        {
            yield break;
        }

        foreach (var local in body.LocalVariables)
        {
            yield return local.LocalType;
        }

        var il = body.GetILAsByteArray() ?? [];
        var module = method.Module;
        var typeArgs = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            short value = il[at++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[at++]);
            }

            var op = OpCodesByValue[value];
            switch (op.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, at);
                    at += 4;
                    MemberInfo? member = null;
                    try
                    {
                        member = module.ResolveMember(token, typeArgs, methodArgs);
                    }
                    catch (Exception ex) when (ex is ArgumentException or BadImageFormatException or TypeLoadException)
                    {
                    }

                    switch (member)
                    {
                        case Type t:
                            yield return t;
                            break;
                        case FieldInfo f:
                            yield return f.DeclaringType!;
                            yield return f.FieldType;
                            break;
                        case MethodBase m:
                            yield return m.DeclaringType!;
                            if (m is MethodInfo { IsGenericMethod: true } g)
                            {
                                foreach (var a in g.GetGenericArguments())
                                {
                                    yield return a;
                                }
                            }

                            break;
                    }

                    break;
                case OperandType.InlineSwitch:
                    at += 4 + (4 * BitConverter.ToInt32(il, at));
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    at += 8;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    at += 1;
                    break;
                case OperandType.InlineVar:
                    at += 2;
                    break;
                default:
                    at += 4;
                    break;
            }
        }
    }
}

// Used by the reader's own test above.
internal static class ArchitectureProbe
{
    public static async Task<int> UseAsync()
    {
        await Task.Yield();
        Func<string, int> f = s => new Uri(s).Port;
        return f("https://example.invalid/");
    }
}
