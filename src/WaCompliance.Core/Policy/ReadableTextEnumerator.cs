using WaCompliance.Messaging;

namespace WaCompliance.Policy;

/// <summary>
/// Enumerates what a person would read in a message without allocating: free-form text, a caption, interactive body,
/// footer and button titles, or a template's parameter values (positional, named, header).
/// </summary>
internal struct ReadableTextEnumerator
{
    private readonly MessageContent _content;
    private int _phase;
    private int _index;
    private Dictionary<string, string>.ValueCollection.Enumerator _named;

    public ReadableTextEnumerator(MessageContent content)
    {
        _content = content;
        Current = string.Empty;
    }

    public string Current { get; private set; }

    public readonly ReadableTextEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        switch (_content)
        {
            case TextContent text:
                return Once(text.Body);
            case MediaContent media:
                return Once(media.Caption);
            case InteractiveContent interactive:
                return NextInteractive(interactive);
            case TemplateContent template:
                return NextTemplate(template);
            default:
                return false;
        }
    }

    private bool Once(string? value)
    {
        if (_phase++ != 0 || value is null)
        {
            return false;
        }

        Current = value;
        return true;
    }

    private bool NextInteractive(InteractiveContent interactive)
    {
        if (_phase == 0)
        {
            _phase = 1;
            Current = interactive.Body;
            return true;
        }

        if (_phase == 1)
        {
            _phase = 2;
            if (interactive.Footer is { } footer)
            {
                Current = footer;
                return true;
            }
        }

        if (_index < interactive.Buttons.Count)
        {
            Current = interactive.Buttons[_index++].Title;
            return true;
        }

        return false;
    }

    private bool NextTemplate(TemplateContent template)
    {
        var parameters = template.Parameters;
        if (_phase == 0)
        {
            if (_index < parameters.PositionalValues.Count)
            {
                Current = parameters.PositionalValues[_index++];
                return true;
            }

            _phase = 1;
            _named = parameters.NamedDictionary.Values.GetEnumerator();
        }

        if (_phase == 1)
        {
            if (_named.MoveNext())
            {
                Current = _named.Current;
                return true;
            }

            _phase = 2;
            if (parameters.HeaderText is { } header)
            {
                Current = header;
                return true;
            }
        }

        return false;
    }
}
