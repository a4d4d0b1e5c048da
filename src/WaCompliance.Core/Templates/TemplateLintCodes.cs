namespace WaCompliance.Templates;

/// <summary>
/// The stable codes of <see cref="TemplateLintIssue"/>: <c>TEMPLATE_*</c> from <see cref="TemplateLinter.Lint"/>
/// (the template definition, rule family <c>WA-TPL-*</c>) and <c>PARAMETER_*</c> from
/// <see cref="TemplateLinter.CheckParameters"/> (values supplied at send time, <c>WA-TPL-PARAM-VALUE</c>).
/// Codes never change meaning; new rules get new codes.
/// </summary>
public static class TemplateLintCodes
{
    /// <summary>The template name is missing or blank.</summary>
    public const string NameRequired = "TEMPLATE_NAME_REQUIRED";

    /// <summary>The template name is longer than 512 characters.</summary>
    public const string NameTooLong = "TEMPLATE_NAME_TOO_LONG";

    /// <summary>The template name does not match <c>^[a-z][a-z0-9_]*$</c>.</summary>
    public const string NameInvalid = "TEMPLATE_NAME_INVALID";

    /// <summary>The language code is missing or blank.</summary>
    public const string LanguageRequired = "TEMPLATE_LANGUAGE_REQUIRED";

    /// <summary>
    /// The language code, once normalized as the catalog does (<see cref="TemplateKey.NormalizeLanguage"/>), is not a
    /// 2–3 letter language with an optional 2-letter region, such as <c>en</c>, <c>en_US</c> or <c>fil</c>.
    /// </summary>
    public const string LanguageInvalid = "TEMPLATE_LANGUAGE_INVALID";

    /// <summary>A TEXT header has no text.</summary>
    public const string HeaderTextRequired = "TEMPLATE_HEADER_TEXT_REQUIRED";

    /// <summary>A TEXT header is longer than 60 characters.</summary>
    public const string HeaderTooLong = "TEMPLATE_HEADER_TOO_LONG";

    /// <summary>A TEXT header has more than one variable.</summary>
    public const string HeaderTooManyVariables = "TEMPLATE_HEADER_TOO_MANY_VARIABLES";

    /// <summary>A TEXT header contains a line break.</summary>
    public const string HeaderNewline = "TEMPLATE_HEADER_NEWLINE";

    /// <summary>A TEXT header contains an emoji.</summary>
    public const string HeaderEmoji = "TEMPLATE_HEADER_EMOJI";

    /// <summary>A TEXT header contains a formatting character (<c>*</c>, <c>_</c>, <c>~</c> or <c>`</c>) outside its variable.</summary>
    public const string HeaderFormatting = "TEMPLATE_HEADER_FORMATTING";

    /// <summary>A TEXT header with a variable has no example value (<see cref="TemplateHeader.Example"/>).</summary>
    public const string HeaderExampleMissing = "TEMPLATE_HEADER_EXAMPLE_MISSING";

    /// <summary>An IMAGE, VIDEO or DOCUMENT header has no sample media (<see cref="TemplateHeader.Example"/>).</summary>
    public const string HeaderMediaExampleMissing = "TEMPLATE_HEADER_MEDIA_EXAMPLE_MISSING";

    /// <summary>The body is missing or blank.</summary>
    public const string BodyRequired = "TEMPLATE_BODY_REQUIRED";

    /// <summary>The body is longer than 1,024 characters.</summary>
    public const string BodyTooLong = "TEMPLATE_BODY_TOO_LONG";

    /// <summary>
    /// The body's first non-whitespace token is a variable (a "dangling parameter"). Any text before the variable,
    /// even punctuation, avoids it. Not checked for authentication templates, whose preset body starts with the code.
    /// </summary>
    public const string BodyVariableAtStart = "TEMPLATE_BODY_VARIABLE_AT_START";

    /// <summary>
    /// The body's last non-whitespace token is a variable (a "dangling parameter"). Any text after the variable, even
    /// trailing punctuation such as <c>{{1}}.</c>, avoids it. Not checked for authentication templates.
    /// </summary>
    public const string BodyVariableAtEnd = "TEMPLATE_BODY_VARIABLE_AT_END";

    /// <summary>
    /// Warning: the body has too many variables for its length: fewer than 3·n + 1 whitespace-separated words
    /// (variables included) for n variables. A BSP heuristic, not a published Meta limit.
    /// </summary>
    public const string BodyTooManyVariables = "TEMPLATE_BODY_TOO_MANY_VARIABLES";

    /// <summary>
    /// Warning: the body or a URL button uses a URL shortener (bit.ly, tinyurl.com, t.co, goo.gl, ow.ly, is.gd,
    /// buff.ly, rebrand.ly, cutt.ly); Meta policy rejects shortened links.
    /// </summary>
    public const string UrlShortener = "TEMPLATE_URL_SHORTENER";

    /// <summary>The footer is longer than 60 characters.</summary>
    public const string FooterTooLong = "TEMPLATE_FOOTER_TOO_LONG";

    /// <summary>The footer contains a variable (or something brace-delimited that looks like one).</summary>
    public const string FooterVariable = "TEMPLATE_FOOTER_VARIABLE";

    /// <summary>The footer contains a line break.</summary>
    public const string FooterNewline = "TEMPLATE_FOOTER_NEWLINE";

    /// <summary>The footer contains an emoji.</summary>
    public const string FooterEmoji = "TEMPLATE_FOOTER_EMOJI";

    /// <summary>
    /// A header, body or URL has a malformed variable: special characters or spaces inside the braces
    /// (<c>{{#1}}</c>, <c>{{$x}}</c>, <c>{{ }}</c>), a number with a leading zero, or unbalanced braces
    /// (<c>{{1}</c>, <c>{1}}</c>).
    /// </summary>
    public const string VariableMalformed = "TEMPLATE_VARIABLE_MALFORMED";

    /// <summary>A header or body mixes positional (<c>{{1}}</c>) and named (<c>{{first_name}}</c>) variables.</summary>
    public const string VariableMixedFormats = "TEMPLATE_VARIABLE_MIXED_FORMATS";

    /// <summary>A variable's style does not match <see cref="MessageTemplate.ParameterFormat"/>.</summary>
    public const string VariableFormatMismatch = "TEMPLATE_VARIABLE_FORMAT_MISMATCH";

    /// <summary>In a named-format template, a variable name is not lower-case letters, digits and underscores starting with a letter.</summary>
    public const string VariableNameInvalid = "TEMPLATE_VARIABLE_NAME_INVALID";

    /// <summary>Positional variables of a header or body are not numbered 1 to n without gaps.</summary>
    public const string VariableSequenceGap = "TEMPLATE_VARIABLE_SEQUENCE_GAP";

    /// <summary>A positional variable appears more than once in a header or body.</summary>
    public const string VariableDuplicate = "TEMPLATE_VARIABLE_DUPLICATE";

    /// <summary>Two variables are adjacent: nothing but whitespace between them.</summary>
    public const string VariableAdjacent = "TEMPLATE_VARIABLE_ADJACENT";

    /// <summary>A body variable has no sample value in <see cref="MessageTemplate.BodyExamples"/>.</summary>
    public const string VariableExampleMissing = "TEMPLATE_VARIABLE_EXAMPLE_MISSING";

    /// <summary>The template has more than 10 buttons.</summary>
    public const string ButtonsTooMany = "TEMPLATE_BUTTONS_TOO_MANY";

    /// <summary>The template has more than 2 URL buttons.</summary>
    public const string ButtonsTooManyUrl = "TEMPLATE_BUTTONS_TOO_MANY_URL";

    /// <summary>The template has more than 1 phone-number button.</summary>
    public const string ButtonsTooManyPhone = "TEMPLATE_BUTTONS_TOO_MANY_PHONE";

    /// <summary>The template has more than 10 quick-reply buttons.</summary>
    public const string ButtonsTooManyQuickReply = "TEMPLATE_BUTTONS_TOO_MANY_QUICK_REPLY";

    /// <summary>The template has more than 1 copy-code button.</summary>
    public const string ButtonsTooManyCopyCode = "TEMPLATE_BUTTONS_TOO_MANY_COPY_CODE";

    /// <summary>Quick-reply buttons are interleaved with other buttons instead of grouped together.</summary>
    public const string ButtonsQuickRepliesNotGrouped = "TEMPLATE_BUTTONS_QUICK_REPLIES_NOT_GROUPED";

    /// <summary>A button has no label.</summary>
    public const string ButtonTextRequired = "TEMPLATE_BUTTON_TEXT_REQUIRED";

    /// <summary>A button label is longer than 25 characters.</summary>
    public const string ButtonTextTooLong = "TEMPLATE_BUTTON_TEXT_TOO_LONG";

    /// <summary>A URL button has no URL.</summary>
    public const string ButtonUrlRequired = "TEMPLATE_BUTTON_URL_REQUIRED";

    /// <summary>A URL button's URL is longer than 2,000 characters.</summary>
    public const string ButtonUrlTooLong = "TEMPLATE_BUTTON_URL_TOO_LONG";

    /// <summary>A URL button's URL is not an absolute <c>http</c> or <c>https</c> URL.</summary>
    public const string ButtonUrlInvalid = "TEMPLATE_BUTTON_URL_INVALID";

    /// <summary>A URL button's URL has more than one variable.</summary>
    public const string ButtonUrlTooManyVariables = "TEMPLATE_BUTTON_URL_TOO_MANY_VARIABLES";

    /// <summary>A URL button's variable is not at the very end of the URL.</summary>
    public const string ButtonUrlVariableNotAtEnd = "TEMPLATE_BUTTON_URL_VARIABLE_NOT_AT_END";

    /// <summary>A URL button with a variable has no example value (<see cref="TemplateButton.Example"/>).</summary>
    public const string ButtonUrlExampleMissing = "TEMPLATE_BUTTON_URL_EXAMPLE_MISSING";

    /// <summary>A phone-number button has no number.</summary>
    public const string ButtonPhoneRequired = "TEMPLATE_BUTTON_PHONE_REQUIRED";

    /// <summary>A phone-number button's number is longer than 20 characters.</summary>
    public const string ButtonPhoneTooLong = "TEMPLATE_BUTTON_PHONE_TOO_LONG";

    /// <summary>A phone-number button's number is not E.164: <c>+</c> then 7 to 15 digits, the first not 0.</summary>
    public const string ButtonPhoneInvalid = "TEMPLATE_BUTTON_PHONE_INVALID";

    /// <summary>A copy-code button is used in a template that is not MARKETING.</summary>
    public const string ButtonCopyCodeNotMarketing = "TEMPLATE_BUTTON_COPY_CODE_NOT_MARKETING";

    /// <summary>A copy-code button has no example code (<see cref="TemplateButton.Example"/>).</summary>
    public const string ButtonCopyCodeExampleMissing = "TEMPLATE_BUTTON_COPY_CODE_EXAMPLE_MISSING";

    /// <summary>A copy-code button's example code is longer than 15 characters.</summary>
    public const string ButtonCopyCodeExampleTooLong = "TEMPLATE_BUTTON_COPY_CODE_EXAMPLE_TOO_LONG";

    /// <summary>A one-time-passcode button is used in a template that is not AUTHENTICATION.</summary>
    public const string ButtonOtpNotAuthentication = "TEMPLATE_BUTTON_OTP_NOT_AUTHENTICATION";

    /// <summary>A one-time-passcode button does not say which kind it is (<see cref="TemplateButton.OtpType"/>).</summary>
    public const string ButtonOtpTypeRequired = "TEMPLATE_BUTTON_OTP_TYPE_REQUIRED";

    /// <summary>
    /// An AUTHENTICATION template does not have exactly one one-time-passcode button. Zero-tap templates are no
    /// exception here: the model marks a template as zero-tap only through its OTP button's
    /// <see cref="TemplateButton.OtpType"/>, so that button must be present.
    /// </summary>
    public const string AuthOtpButtonCount = "TEMPLATE_AUTH_OTP_BUTTON_COUNT";

    /// <summary>An AUTHENTICATION template has a URL button.</summary>
    public const string AuthUrlButton = "TEMPLATE_AUTH_URL_BUTTON";

    /// <summary>An AUTHENTICATION template has a media (non-text) header.</summary>
    public const string AuthMediaHeader = "TEMPLATE_AUTH_MEDIA_HEADER";

    /// <summary>An AUTHENTICATION template's body contains an emoji.</summary>
    public const string AuthBodyEmoji = "TEMPLATE_AUTH_BODY_EMOJI";

    /// <summary>An AUTHENTICATION template's body contains a URL.</summary>
    public const string AuthBodyUrl = "TEMPLATE_AUTH_BODY_URL";

    /// <summary>An AUTHENTICATION template's body does not have exactly one variable (the code).</summary>
    public const string AuthBodyVariableCount = "TEMPLATE_AUTH_BODY_VARIABLE_COUNT";

    /// <summary>An AUTHENTICATION template's <see cref="MessageTemplate.CodeExpirationMinutes"/> is set but not 1 to 90.</summary>
    public const string AuthCodeExpirationOutOfRange = "TEMPLATE_AUTH_CODE_EXPIRATION_OUT_OF_RANGE";

    /// <summary>The parameters are positional but the template is named, or the other way round.</summary>
    public const string ParameterFormatMismatch = "PARAMETER_FORMAT_MISMATCH";

    /// <summary>The number of positional values differs from the number of body variables.</summary>
    public const string ParameterCountMismatch = "PARAMETER_COUNT_MISMATCH";

    /// <summary>A named value was supplied that the template body does not use.</summary>
    public const string ParameterUnknownName = "PARAMETER_UNKNOWN_NAME";

    /// <summary>A named body variable has no value.</summary>
    public const string ParameterMissingName = "PARAMETER_MISSING_NAME";

    /// <summary>A value is null, empty or only whitespace.</summary>
    public const string ParameterEmpty = "PARAMETER_EMPTY";

    /// <summary>A value contains a line break or a tab.</summary>
    public const string ParameterNewlineOrTab = "PARAMETER_NEWLINE_OR_TAB";

    /// <summary>A value contains more than 4 consecutive spaces.</summary>
    public const string ParameterTooManySpaces = "PARAMETER_TOO_MANY_SPACES";

    /// <summary>A value is longer than 1,024 characters.</summary>
    public const string ParameterValueTooLong = "PARAMETER_VALUE_TOO_LONG";

    /// <summary>The header has a variable but no header value was supplied.</summary>
    public const string ParameterHeaderMissing = "PARAMETER_HEADER_MISSING";

    /// <summary>A header value was supplied but the template has no header variable.</summary>
    public const string ParameterHeaderUnexpected = "PARAMETER_HEADER_UNEXPECTED";

    /// <summary>The header would be longer than 60 characters once its variable is replaced.</summary>
    public const string ParameterHeaderTooLong = "PARAMETER_HEADER_TOO_LONG";

    /// <summary>The body would be longer than 1,024 characters once its variables are replaced.</summary>
    public const string ParameterBodyTooLong = "PARAMETER_BODY_TOO_LONG";

    /// <summary>A URL button with a variable, or a copy-code button, has no value.</summary>
    public const string ParameterButtonMissing = "PARAMETER_BUTTON_MISSING";

    /// <summary>A copy-code button's value is longer than 15 characters.</summary>
    public const string ParameterCopyCodeTooLong = "PARAMETER_COPY_CODE_TOO_LONG";
}
