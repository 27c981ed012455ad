using System.CommandLine;
using System.CommandLine.Parsing;

namespace Web.Cli;

/// <summary>The option and argument shapes the verbs share, with the product's words in their errors.</summary>
internal static class CliOptions
{
    public static Option<string> Text(string name, string description, bool required = true) =>
        new(name) { Description = description, Required = required };

    /// <summary><c>true|false</c>, also <c>on|off</c> and <c>yes|no</c>; read it with <see cref="IsOn"/>.</summary>
    public static Option<string> Switch(string name, string description)
    {
        // A string, not a bool: System.CommandLine only takes true/false as a bool option's value and leaves any
        // other word behind as a stray argument, which would make "--mask-all-inputs maybe" a confusing error.
        var option = new Option<string>(name) { Description = description + " (true|false)" };
        option.AcceptOnlyFromAmong("true", "false", "on", "off", "yes", "no");
        return option;
    }

    public static bool? IsOn(this ParseResult parse, Option<string> option) =>
        parse.GetValue(option) switch { null => null, "true" or "on" or "yes" => true, _ => false };

    public static Option<int?> WholeNumber(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r => int.TryParse(r.Tokens[0].Value, out var n) ? n : Fail<int?>(r, $"{name} must be a whole number."),
    };

    /// <summary>A comma-separated list (<c>a,b</c>), trimmed, empty entries left out.</summary>
    public static Option<string[]?> List(string name, string description, bool required = false) => new(name)
    {
        Description = description + " (comma-separated)",
        Required = required,
        CustomParser = r => r.Tokens[0].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
    };

    public static Argument<int> PositiveId(string name) => new(name)
    {
        Description = $"The {name}",
        CustomParser = r => int.TryParse(r.Tokens[0].Value, out var n) && n > 0 ? n : Fail<int>(r, $"The {name} must be a positive whole number."),
    };

    private static T Fail<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }
}
