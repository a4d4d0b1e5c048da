using WaCompliance.Identities;
using WaCompliance.Numbers;
using WaCompliance.Privacy;

namespace WaCompliance.Tests.Identities;

public sealed class WhatsAppIdentityTests
{
    private static readonly WhatsAppNumber s_phone = WhatsAppNumber.Parse("+5511987654321");
    private static readonly BusinessScopedUserId s_user = BusinessScopedUserId.Parse("BR.7712093455123009");
    private static readonly BusinessScopedUserId s_parent = BusinessScopedUserId.Parse("BR.ENT.5531200098871234");

    [Fact]
    public void Identifier_StoredForm_ReadsBackToTheSameIdentifier()
    {
        foreach (var identifier in new WhatsAppIdentifier[] { s_phone, s_user, s_parent, WhatsAppNumberParser.Default.ParseReported("+6493001234").Number })
        {
            var read = WhatsAppIdentifier.Parse(identifier.Value);

            Assert.Equal(identifier, read);
            Assert.Equal(identifier.Kind, read.Kind);
        }
    }

    [Fact]
    public void Identifier_KindsAreApart_ANumberNeverEqualsAUserId()
    {
        WhatsAppIdentifier phone = s_phone;
        WhatsAppIdentifier user = s_user;

        Assert.Equal(WhatsAppIdentifierKind.PhoneNumber, phone.Kind);
        Assert.Equal(WhatsAppIdentifierKind.UserId, user.Kind);
        Assert.Equal(WhatsAppIdentifierKind.ParentUserId, ((WhatsAppIdentifier)s_parent).Kind);
        Assert.NotEqual(phone, user);
        Assert.Equal(s_phone, phone.PhoneNumber);
        Assert.Null(phone.UserId);
        Assert.Equal(s_user, user.UserId);
    }

    [Fact]
    public void Identifier_Parse_RefusesTextThatIsNeither()
    {
        Assert.False(WhatsAppIdentifier.TryParse("hello", out _));
        Assert.False(WhatsAppIdentifier.TryParse("BR.77-12", out _));
        Assert.False(WhatsAppIdentifier.TryParse("", out _));
        Assert.Throws<FormatException>(() => WhatsAppIdentifier.Parse("+0000"));
    }

    [Fact]
    public void SubjectKeys_OfANumberAreUnchanged_AndAUserIdHasItsOwn()
    {
        var keys = new HmacSubjectKeyProvider("identity-tests-pepper-0123456789abcdef");

        Assert.Equal(keys.GetKey(s_phone), keys.GetKey((WhatsAppIdentifier)s_phone));
        Assert.NotEqual(keys.GetKey(s_phone), keys.GetKey(s_user));
        Assert.NotEqual(keys.GetKey(s_user), keys.GetKey(s_parent));
        Assert.Equal(keys.GetKey(s_user), keys.GetKey(BusinessScopedUserId.Parse("BR.7712093455123009")));
    }

    [Fact]
    public void Identity_PrimaryIsThePhoneWhenKnown_ElseTheUserId_ElseTheParent()
    {
        Assert.Equal(s_phone, new WhatsAppIdentity(s_phone, s_user, s_parent).Primary.PhoneNumber);
        Assert.Equal(s_user, new WhatsAppIdentity(null, s_user, s_parent).Primary.UserId);
        Assert.Equal(s_parent, new WhatsAppIdentity(null, null, s_parent).Primary.UserId);
    }

    [Fact]
    public void Identity_ListsEveryIdentifier_AndKnowsWhenSeveralAreLinked()
    {
        var both = new WhatsAppIdentity(s_phone, s_user, username: "ana.r");

        Assert.True(both.IsLinked);
        Assert.Equal(2, both.Identifiers.Count);
        Assert.False(((WhatsAppIdentity)s_user).IsLinked);
        Assert.Equal("ana.r", both.Username);
    }

    [Fact]
    public void Identity_EqualityIgnoresTheUsername()
    {
        Assert.Equal(new WhatsAppIdentity(s_phone, s_user, username: "a"), new WhatsAppIdentity(s_phone, s_user, username: "b"));
        Assert.NotEqual(new WhatsAppIdentity(s_phone, s_user), (WhatsAppIdentity)s_phone);
    }

    [Fact]
    public void Identity_RefusesNoIdentifierAndIdsOfTheWrongKind()
    {
        Assert.Throws<ArgumentException>(() => new WhatsAppIdentity(null));
        Assert.Throws<ArgumentException>(() => new WhatsAppIdentity(null, s_parent));
        Assert.Throws<ArgumentException>(() => new WhatsAppIdentity(null, null, s_user));
    }

    [Fact]
    public void Identity_ToString_NamesTheKindsNeverTheValues()
    {
        var text = new WhatsAppIdentity(s_phone, s_user, s_parent, "ana.r").ToString();

        Assert.Equal("identity(phone+user_id+parent_user_id)", text);
        Assert.DoesNotContain("7712", text, StringComparison.Ordinal);
    }
}
