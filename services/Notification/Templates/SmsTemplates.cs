using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using QueueSystem.Notification.Sending;

namespace QueueSystem.Notification.Templates;

/// <summary>
/// The texts of the messages, per language and kind, with placeholders in braces. English and Hindi
/// are built in; configuration (<c>Sms:Templates</c>) adds languages or rewords a text.
/// </summary>
public sealed partial class SmsTemplates
{
    private static readonly Dictionary<string, Dictionary<string, string>> BuiltIn = new(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = new()
        {
            [SmsKind.Otp] = "{code} is your hospital queue verification code. It expires in {minutes} minutes. Never share it.",
            [SmsKind.Called] = "{queue_id}, please go to {counter}.",
            [SmsKind.Reminder] = "{queue_id}: you are number {position} in line for {counter}. Please stay close by.",
            [SmsKind.Transferred] = "{queue_id}: please go to {service}, you are number {position}.",
        },
        ["hi"] = new()
        {
            [SmsKind.Otp] = "{code} अस्पताल कतार के लिए आपका सत्यापन कोड है। यह {minutes} मिनट में समाप्त होगा। इसे किसी को न बताएं।",
            [SmsKind.Called] = "{queue_id}, कृपया {counter} पर जाएं।",
            [SmsKind.Reminder] = "{queue_id}: {counter} की कतार में आपका नंबर {position} है। कृपया पास ही रहें।",
            [SmsKind.Transferred] = "{queue_id}: कृपया {service} जाएं, वहाँ आपका नंबर {position} है।",
        },
    };

    /// <summary>The placeholders each kind may use; a template with any other is refused at start.</summary>
    private static readonly Dictionary<string, string[]> Placeholders = new()
    {
        [SmsKind.Otp] = ["code", "minutes"],
        [SmsKind.Called] = ["queue_id", "counter"],
        [SmsKind.Reminder] = ["queue_id", "counter", "position"],
        [SmsKind.Transferred] = ["queue_id", "service", "position"],
    };

    private readonly Dictionary<string, Dictionary<string, string>> templates;
    private readonly SmsOptions options;

    public SmsTemplates(IOptions<SmsOptions> options)
    {
        this.options = options.Value;
        templates = new Dictionary<string, Dictionary<string, string>>(BuiltIn.Select(l => KeyValuePair.Create(l.Key, new Dictionary<string, string>(l.Value))), StringComparer.OrdinalIgnoreCase);
        foreach (var (language, texts) in this.options.Templates)
        {
            var known = templates.TryGetValue(language, out var existing) ? existing : templates[language] = [];
            foreach (var (kind, text) in texts)
            {
                known[kind] = text;
            }
        }

        Validate();
    }

    /// <summary>The language of a facility's texts.</summary>
    public string LanguageOf(string? facilityId) =>
        facilityId is not null && options.FacilityLanguages.TryGetValue(facilityId, out var language) ? language : options.Language;

    public string Render(string language, string kind, IReadOnlyDictionary<string, object> values) =>
        Placeholder().Replace(templates[language][kind], match => Convert.ToString(values[match.Groups[1].Value], CultureInfo.InvariantCulture) ?? "");

    private void Validate()
    {
        var languages = options.FacilityLanguages.Values.Append(options.Language).Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var language in languages)
        {
            if (!templates.TryGetValue(language, out var texts))
            {
                throw new InvalidOperationException($"SMS language '{language}' has no texts; add them under Sms:Templates:{language}.");
            }

            foreach (var (kind, allowed) in Placeholders)
            {
                if (!texts.TryGetValue(kind, out var text) || string.IsNullOrWhiteSpace(text))
                {
                    throw new InvalidOperationException($"SMS language '{language}' has no '{kind}' text.");
                }

                if (Placeholder().Matches(text).Select(m => m.Groups[1].Value).FirstOrDefault(name => !allowed.Contains(name)) is { } unknown)
                {
                    throw new InvalidOperationException($"The '{kind}' text of SMS language '{language}' uses {{{unknown}}}; it may use {string.Join(", ", allowed.Select(a => $"{{{a}}}"))}.");
                }
            }
        }
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex Placeholder();
}
