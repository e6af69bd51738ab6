using OnboardingBot.Requests;
using OnboardingBot.Tests.Support;

namespace OnboardingBot.Tests.Requests;

/// <summary>The request's state machine: guarded transitions, one decision, fresh nonces.</summary>
public sealed class OnboardingRequestTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void DraftBecomesPendingWithItsTimersAndANonce()
    {
        var request = Draft(privileged: false);
        Assert.Equal(RequestStatus.Draft, request.Status);

        request.Submit(Now, new RequestOptions());

        Assert.Equal(RequestStatus.Pending, request.Status);
        Assert.Equal(Now + TimeSpan.FromDays(1), request.RemindAt);
        Assert.Equal(Now + TimeSpan.FromDays(3), request.EscalateAt);
        Assert.Equal(Now + TimeSpan.FromDays(7), request.ExpiresAt);
        Assert.Equal(24, request.Nonce.Length);
    }

    [Fact]
    public void DecidedRequestRefusesEveryFurtherTransition()
    {
        var request = Pending(privileged: false);
        request.Approve(Persona.Morgan.AadObjectId, "morgan", Now);

        Assert.Throws<InvalidOperationException>(() => request.Approve(Persona.Sam.AadObjectId, "sam", Now));
        Assert.Throws<InvalidOperationException>(() => request.Reject(Persona.Sam.AadObjectId, "sam", "no", Now));
        Assert.Throws<InvalidOperationException>(() => request.Cancel(Persona.Alex.AadObjectId, "alex", Now));
        Assert.Throws<InvalidOperationException>(() => request.Expire(Now + TimeSpan.FromDays(30)));
        Assert.Throws<InvalidOperationException>(() => request.Submit(Now, new RequestOptions()));
        Assert.Equal(RequestStatus.Approved, request.Status);
    }

    [Fact]
    public void ApproverCannotApproveOwnRequest()
    {
        var request = Pending(privileged: false);

        Assert.Throws<InvalidOperationException>(() => request.Approve(Persona.Alex.AadObjectId, "alex", Now));
        Assert.Throws<InvalidOperationException>(() => request.Reject(Persona.Alex.AadObjectId, "alex", "mine", Now));
        Assert.Equal(RequestStatus.Pending, request.Status);
    }

    [Fact]
    public void PrivilegedRequestNeedsTwoDistinctApprovals()
    {
        var request = Pending(privileged: true);

        request.Approve(Persona.Morgan.AadObjectId, "morgan", Now);
        Assert.Equal(RequestStatus.Pending, request.Status);
        Assert.Throws<InvalidOperationException>(() => request.Approve(Persona.Morgan.AadObjectId.ToUpperInvariant(), "morgan", Now));
        request.Approve(Persona.Sam.AadObjectId, "sam", Now);

        Assert.Equal(RequestStatus.Approved, request.Status);
        Assert.Equal(Persona.Sam.AadObjectId, request.DecidedBy);
        Assert.Null(request.RemindAt);
    }

    [Fact]
    public void EveryChangeIssuesAFreshNonceAndVersion()
    {
        var request = Pending(privileged: true);
        var (nonce, version) = (request.Nonce, request.Version);

        request.Approve(Persona.Morgan.AadObjectId, "morgan", Now);

        Assert.NotEqual(nonce, request.Nonce);
        Assert.True(request.Version > version);
    }

    [Fact]
    public void OnlyTheRequesterCancelsAndNothingExpiresEarly()
    {
        var request = Pending(privileged: false);

        Assert.Throws<InvalidOperationException>(() => request.Cancel(Persona.Morgan.AadObjectId, "morgan", Now));
        Assert.Throws<InvalidOperationException>(() => request.Expire(Now + TimeSpan.FromDays(6)));
        request.Cancel(Persona.Alex.AadObjectId, "alex", Now);

        Assert.Equal(RequestStatus.Cancelled, request.Status);
    }

    [Theory]
    [InlineData("REQ-17", 17)]
    [InlineData("req-3", 3)]
    [InlineData("42", 42)]
    public void ReferencesParse(string text, long id)
    {
        Assert.True(OnboardingRequest.TryParseReference(text, out var parsed));
        Assert.Equal(id, parsed);
        Assert.Equal($"REQ-{id}", OnboardingRequest.FormatReference(parsed));
    }

    [Theory]
    [InlineData("REQ-")]
    [InlineData("REQ--1")]
    [InlineData("REQ-0")]
    [InlineData("REQ-1x")]
    [InlineData(null)]
    public void MalformedReferencesDoNotParse(string? text) => Assert.False(OnboardingRequest.TryParseReference(text, out _));

    [Theory]
    [InlineData("Alex (new hire)", "alex")]
    [InlineData("jo.kim@contoso.example", "jo.kim")]
    [InlineData("Zoë Müller", "zoe.muller")]
    [InlineData("", null)]
    public void UserNameIsSuggestedFromNameOrEmail(string source, string? expected) => Assert.Equal(expected, IamUserName.Suggest(source));

    [Theory]
    [InlineData("alex.kim\n")]
    [InlineData("alex.kim\r\n")]
    public void UserNameWithATrailingLineBreakIsRefused(string escaped)
    {
        var name = escaped.Replace("\\r", "\r", StringComparison.Ordinal).Replace("\\n", "\n", StringComparison.Ordinal);

        Assert.NotNull(IamUserName.Check(name));
        Assert.Null(IamUserName.Check("alex.kim"));
    }

    private static OnboardingRequest Pending(bool privileged)
    {
        var request = Draft(privileged);
        request.Submit(Now, new RequestOptions());
        return request;
    }

    private static OnboardingRequest Draft(bool privileged) => OnboardingRequest.Draft(
        new RequestDraft("Platform", "000000000000", Persona.Alex.AadObjectId, Persona.Alex.TeamsId, "alex", true, null, null,
            "alex.kim", privileged ? ["Administrators"] : ["Developers"], privileged, false, null,
            "https://smba.example/", "tenant", Persona.PlatformChannel, null),
        Now);
}
