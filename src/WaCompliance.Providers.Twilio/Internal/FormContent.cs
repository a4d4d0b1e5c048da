using System.Buffers;
using System.Net;
using System.Text;

namespace WaCompliance.Providers.Twilio.Internal;

/// <summary>
/// An <c>application/x-www-form-urlencoded</c> body written straight into a pooled buffer: unreserved characters as
/// they are, spaces as <c>+</c>, everything else percent-encoded UTF-8. Cheaper than <see cref="FormUrlEncodedContent"/>.
/// </summary>
internal sealed class FormContent : HttpContent
{
    private byte[] _buffer;
    private int _length;

    public FormContent(int capacity = 512)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(capacity);
        Headers.TryAddWithoutValidation("Content-Type", "application/x-www-form-urlencoded");
    }

    /// <summary>The encoded body so far.</summary>
    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>Appends <c>name=value</c> (with a leading <c>&amp;</c> after the first pair).</summary>
    public FormContent Add(string name, string value)
    {
        if (_length > 0)
        {
            Ensure(1);
            _buffer[_length++] = (byte)'&';
        }

        Encode(name);
        Ensure(1);
        _buffer[_length++] = (byte)'=';
        Encode(value);
        return this;
    }

    /// <summary>Appends <c>name=prefix+value</c>, e.g. <c>To=whatsapp:+14155550100</c>, without concatenating strings.</summary>
    public FormContent Add(string name, string prefix, string value)
    {
        Add(name, prefix);
        Encode(value);
        return this;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        stream.WriteAsync(_buffer, 0, _length);

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.WriteAsync(_buffer.AsMemory(0, _length), cancellationToken).AsTask();

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        stream.Write(_buffer, 0, _length);

    protected override bool TryComputeLength(out long length)
    {
        length = _length;
        return true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
            _length = 0;
        }

        base.Dispose(disposing);
    }

    private void Encode(string text)
    {
        const string Hex = "0123456789ABCDEF";
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsUnreserved(c))
            {
                Ensure(1);
                _buffer[_length++] = (byte)c;
                continue;
            }

            if (c == ' ')
            {
                Ensure(1);
                _buffer[_length++] = (byte)'+';
                continue;
            }

            int count;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                count = Encoding.UTF8.GetBytes(text.AsSpan(i, 2), utf8);
                i++;
            }
            else
            {
                // A lone surrogate becomes U+FFFD, as every UTF-8 encoder does.
                count = Encoding.UTF8.GetBytes(text.AsSpan(i, 1), utf8);
            }

            Ensure(count * 3);
            for (var b = 0; b < count; b++)
            {
                _buffer[_length++] = (byte)'%';
                _buffer[_length++] = (byte)Hex[utf8[b] >> 4];
                _buffer[_length++] = (byte)Hex[utf8[b] & 0xF];
            }
        }
    }

    private static bool IsUnreserved(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private void Ensure(int extra)
    {
        if (_length + extra <= _buffer.Length)
        {
            return;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + extra));
        _buffer.AsSpan(0, _length).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}
