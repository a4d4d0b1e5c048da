using WaCompliance.Policy.Content;

namespace WaCompliance.Webhooks;

/// <summary>
/// Recognises opt-out, opt-in and help keywords in inbound messages, in English and the languages of rules.md §9
/// (Spanish, Portuguese, French, German, Italian, Dutch, Hindi, Arabic, Indonesian). Text is trimmed, Unicode
/// compatibility forms folded, case folded, accents and punctuation dropped before matching. "STOP MARKETING" opts out
/// of marketing only; a short message that contains an opt-out keyword ("please stop") or a clear phrase ("don't
/// message me") is a probable revocation.
/// </summary>
public sealed class KeywordClassifier
{
    private const int ShortMessageWords = 4;

    private static readonly string[] s_optOut =
    [
        "stop", "stopall", "stop all", "unsubscribe", "cancel", "end", "quit", "revoke", "optout", "opt out", "remove",
        "baja", "alto", "parar", "detener", "cancelar", "salir", "desuscribir", "no mas",
        "pare", "sair", "descadastrar", "remover",
        "arret", "arrete", "arreter", "arrett", "desabonner", "desinscrire", "annuler", "td",
        "stopp", "abmelden", "abbestellen", "kundigen", "beenden",
        "basta", "annulla", "cancella", "disiscrivi", "disiscrivimi",
        "stoppen", "afmelden", "uitschrijven", "opzeggen",
        "band", "band karo", "ruko", "roko", "mat bhejo", "nahi chahiye",
        "बद", "बद करो", "रोको", "मत भजो",
        "توقف", "ايقاف", "الغاء", "الغاء الاشتراك", "لا ترسل",
        "berhenti", "batal", "berhenti langganan", "keluar",
    ];

    private static readonly string[] s_optIn =
    [
        "start", "unstop", "subscribe", "resume", "continue", "begin",
        "alta", "volver", "recibir", "voltar", "receber", "reprendre", "anmelden", "iscrivi", "aanmelden", "shuru", "शर", "ابدا", "اشتراك", "mulai", "langganan",
    ];

    private static readonly string[] s_affirmations = ["yes", "si", "sim", "oui", "ja", "haan", "हा", "نعم", "ya"];

    private static readonly string[] s_help = ["help", "info", "ayuda", "ajuda", "aide", "hilfe", "aiuto", "hulp", "madad", "sahayata", "मदद", "सहायता", "مساعدة", "bantuan"];

    private static readonly string[] s_probablePhrases =
    [
        "dont message me", "do not message me", "dont text me", "do not text me", "dont contact me", "do not contact me",
        "stop messaging me", "stop texting me", "stop sending", "stop contacting me", "leave me alone", "remove me",
        "take me off", "no more messages", "unsubscribe me", "wrong number", "not my number",
        "no me escriban", "no me escribas", "ya no quiero", "no quiero recibir", "nao quero receber", "pare de enviar",
        "ne plus recevoir", "nicht mehr schreiben",
    ];

    private static readonly (string Word, ConsentPurpose Purpose)[] s_scopes =
    [
        ("marketing", ConsentPurpose.Marketing), ("promotions", ConsentPurpose.Marketing), ("promotion", ConsentPurpose.Marketing),
        ("promos", ConsentPurpose.Marketing), ("promo", ConsentPurpose.Marketing), ("offers", ConsentPurpose.Marketing),
        ("ads", ConsentPurpose.Marketing), ("advertising", ConsentPurpose.Marketing), ("deals", ConsentPurpose.Marketing),
        ("newsletter", ConsentPurpose.Marketing), ("publicidad", ConsentPurpose.Marketing), ("promociones", ConsentPurpose.Marketing),
        ("updates", ConsentPurpose.Utility), ("notifications", ConsentPurpose.Utility), ("alerts", ConsentPurpose.Utility),
        ("reminders", ConsentPurpose.Utility), ("notificaciones", ConsentPurpose.Utility),
    ];

    private readonly HashSet<string> _optOut = new(s_optOut.Select(LexiconContentScreener.Normalize), StringComparer.Ordinal);
    private readonly HashSet<string> _optIn = new(s_optIn.Select(LexiconContentScreener.Normalize), StringComparer.Ordinal);
    private readonly HashSet<string> _affirmations = new(s_affirmations.Select(LexiconContentScreener.Normalize), StringComparer.Ordinal);
    private readonly HashSet<string> _help = new(s_help.Select(LexiconContentScreener.Normalize), StringComparer.Ordinal);
    private readonly string[] _phrases = s_probablePhrases.Select(LexiconContentScreener.Normalize).ToArray();

    /// <summary>Classifies one inbound text.</summary>
    /// <param name="text">The message text.</param>
    /// <returns>What it asks for.</returns>
    public KeywordMatch Classify(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return KeywordMatch.None;
        }

        var normalized = LexiconContentScreener.Normalize(text.Replace("'", string.Empty, StringComparison.Ordinal).Replace("’", string.Empty, StringComparison.Ordinal));
        if (normalized.Length == 0)
        {
            return KeywordMatch.None;
        }

        if (_optOut.Contains(normalized))
        {
            return new KeywordMatch(KeywordIntent.OptOut, ConsentPurpose.All, normalized);
        }

        if (_optIn.Contains(normalized))
        {
            return new KeywordMatch(KeywordIntent.OptIn, ConsentPurpose.All, normalized);
        }

        if (_affirmations.Contains(normalized))
        {
            return new KeywordMatch(KeywordIntent.OptIn, ConsentPurpose.All, normalized, IsAffirmation: true);
        }

        if (_help.Contains(normalized))
        {
            return new KeywordMatch(KeywordIntent.Help, ConsentPurpose.All, normalized);
        }

        var words = normalized.Split(' ');

        // "STOP MARKETING", "STOP PROMOTIONS": a keyword first, then what to stop.
        for (var take = Math.Min(3, words.Length - 1); take >= 1; take--)
        {
            var head = string.Join(' ', words[..take]);
            if (_optOut.Contains(head))
            {
                var rest = words[take..];
                foreach (var (word, purpose) in s_scopes)
                {
                    if (rest.Contains(word, StringComparer.Ordinal))
                    {
                        return new KeywordMatch(KeywordIntent.OptOut, purpose, $"{head} {word}");
                    }
                }

                if (rest.Length <= 2)
                {
                    // "STOP PLEASE", "STOP NOW": a stop the FCC would count; global.
                    return new KeywordMatch(KeywordIntent.OptOut, ConsentPurpose.All, normalized);
                }
            }
        }

        var padded = $" {normalized} ";
        foreach (var phrase in _phrases)
        {
            if (padded.Contains($" {phrase} ", StringComparison.Ordinal))
            {
                return new KeywordMatch(KeywordIntent.ProbableRevocation, ConsentPurpose.All, phrase);
            }
        }

        if (words.Length <= ShortMessageWords)
        {
            foreach (var word in words)
            {
                if (_optOut.Contains(word) && word.Length > 2)
                {
                    return new KeywordMatch(KeywordIntent.ProbableRevocation, ConsentPurpose.All, word);
                }
            }
        }

        return KeywordMatch.None;
    }
}
