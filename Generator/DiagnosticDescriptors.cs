// The descriptors behind DiagnosticIds. Models carry only the id and message arguments
// (see Model/DiagnosticInfo.cs); the output callback looks the descriptor up here.
// A new descriptor needs: an id in DiagnosticIds, an entry in ById, a line in
// AnalyzerReleases.Unshipped.md and a page docs/diagnostics/<id>.md.
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace CoroGen.Generator;

/// <summary>Descriptors of the diagnostics the coroutine compiler reports.</summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "CoroGen.Generator";

    /// <summary>CORO0001.</summary>
    public static readonly DiagnosticDescriptor ContainingTypeNotPartial = new(
        id: DiagnosticIds.ContainingTypeNotPartial,
        title: "Coroutine must be declared in a partial type",
        messageFormat: "Coroutine '{0}' is declared in type '{1}', which is not partial; the coroutine compiler must add a part to it and to every type enclosing it",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.ContainingTypeNotPartial));

    /// <summary>CORO0002.</summary>
    public static readonly DiagnosticDescriptor InvalidSignature = new(
        id: DiagnosticIds.InvalidSignature,
        title: "Coroutine must be an 'async partial' method with a body returning Coro or Coro<T>",
        messageFormat: "Coroutine '{0}' {1}; a coroutine is an 'async partial' method with a body that returns 'CoroGen.Coro' or 'CoroGen.Coro<T>'",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.InvalidSignature));

    /// <summary>CORO0004.</summary>
    public static readonly DiagnosticDescriptor UnsupportedParameter = new(
        id: DiagnosticIds.UnsupportedParameter,
        title: "Coroutine parameter cannot be held across an await",
        messageFormat: "Parameter '{0}' of coroutine '{1}' has the ref struct type '{2}', which a coroutine cannot hold across an await",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.UnsupportedParameter));

    /// <summary>CORO0008.</summary>
    public static readonly DiagnosticDescriptor MissingAccessibility = new(
        id: DiagnosticIds.MissingAccessibility,
        title: "Coroutine needs an explicit accessibility modifier",
        messageFormat: "Coroutine '{0}' needs an explicit accessibility modifier (for example 'private') because partial methods with a non-void return type must have one",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Error,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.MissingAccessibility));

    /// <summary>CORO0009.</summary>
    public static readonly DiagnosticDescriptor NotLoweredYet = new(
        id: DiagnosticIds.NotLoweredYet,
        title: "Coroutine runs on the builder path: a construct is not compiled to a struct machine yet",
        messageFormat: "Coroutine '{0}' runs on the pooled builder path instead of an allocation-free struct machine: the machine path does not support {1} yet",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.NotLoweredYet));

    /// <summary>CORO0122.</summary>
    public static readonly DiagnosticDescriptor FrameTooLarge = new(
        id: DiagnosticIds.FrameTooLarge,
        title: "Coroutine's struct machine is above the frame size limit",
        messageFormat: "The struct machine of coroutine '{0}' is about {1} bytes, above the {2}-byte limit (coro_max_frame_bytes){3}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        helpLinkUri: DiagnosticIds.HelpLink(DiagnosticIds.FrameTooLarge));

    /// <summary>Every descriptor by id.</summary>
    public static readonly IReadOnlyDictionary<string, DiagnosticDescriptor> ById = new Dictionary<string, DiagnosticDescriptor>
    {
        [DiagnosticIds.ContainingTypeNotPartial] = ContainingTypeNotPartial,
        [DiagnosticIds.InvalidSignature] = InvalidSignature,
        [DiagnosticIds.UnsupportedParameter] = UnsupportedParameter,
        [DiagnosticIds.MissingAccessibility] = MissingAccessibility,
        [DiagnosticIds.NotLoweredYet] = NotLoweredYet,
        [DiagnosticIds.FrameTooLarge] = FrameTooLarge,
    };
}
