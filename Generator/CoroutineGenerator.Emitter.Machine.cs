// Emitter, machine part: prints a MachineSpec as a nested struct implementing ICoroMachine<T>
// and, for a lowered body, the step method of the containing type that holds the body (it is
// a member of the user's type so the copied statements bind exactly as the user wrote them:
// `this`, base calls, private members, type parameters). Invariants: the struct is internal
// (callers in other types construct it when they inline it), every name it adds starts with
// two underscores, and callee sites print inline unless their edge is in a call cycle.
using System.Linq;
using CoroGen.Generator.Model;

namespace CoroGen.Generator;

public sealed partial class CoroutineGenerator
{
    private static partial class Emitter
    {
        private static void WriteMachine(SourceWriter writer, CoroutineSpec spec, MachineSpec machine, EquatableArray<string> boxedCallees)
        {
            string typeParameters = FormatTypeParameterList(spec.TypeParameters);
            string typeArguments = spec.TypeParameters.IsEmpty ? string.Empty : "<" + string.Join(", ", spec.TypeParameters.Select(static t => t.Name)) + ">";
            string machineType = machine.MachineName + typeArguments;
            string resultType = machine.ResultType;

            writer.WriteLine();

            // The statements copied here were already compiled and diagnosed in the user's method
            // (the builder path), with the user's own #pragma and suppressions; flattening adds
            // unreachable code and unused labels, and hoisted fields lose the flow analysis locals
            // had. So the machine reports no warning of its own; errors still surface.
            writer.WriteDirective("#pragma warning disable");
            writer.WriteDirective("#nullable disable warnings");
            writer.WriteLine($"/// <summary>The struct state machine of <c>{spec.Name}</c>{(machine.Lowered ? string.Empty : " (an adapter over the builder path: the body uses a construct the machine path does not compile yet)")}.</summary>");
            writer.WriteLine("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
            writer.WriteLine($"[global::System.CodeDom.Compiler.GeneratedCode(\"CoroGen.Generator\", \"{Version}\")]");
            writer.WriteLine($"{(machine.IsPrivate ? "private" : "internal")} struct {machine.MachineName}{typeParameters} : global::CoroGen.CompilerServices.ICoroMachine<{resultType}>");
            WriteConstraints(writer, spec.TypeParameters, terminator: string.Empty);
            writer.OpenBlock();
            writer.WriteLine("internal int __state;");
            writer.WriteLine($"internal {resultType} __result;");
            if (machine.ThisType is { } thisType)
            {
                writer.WriteLine($"internal {thisType} __this;");
            }

            foreach (ParameterSpec parameter in spec.Parameters)
            {
                writer.WriteLine($"internal {parameter.Type} p_{parameter.Name.TrimStart('@')};");
            }

            if (machine.ClosureText is not null)
            {
                writer.WriteLine($"internal {machine.ClosureName}{typeArguments} __cl;");
            }

            if (machine.Lowered)
            {
                foreach (FieldSpec field in machine.Fields.Where(f => !f.Name.StartsWith("p_", System.StringComparison.Ordinal) || !spec.Parameters.Any(p => "p_" + p.Name.TrimStart('@') == f.Name)))
                {
                    writer.WriteLine($"internal {ResolveSite(field.Type, machine, boxedCallees, type: true)} {field.Name};");
                }
            }
            else
            {
                string awaiter = machine.ReturnsVoid ? "global::CoroGen.Coro.Awaiter" : $"global::CoroGen.Coro<{resultType}>.Awaiter";
                writer.WriteLine($"private {awaiter} __awaiter;");
            }

            writer.WriteLine();
            var constructorParameters = spec.Parameters.Select(static p => $"{p.Type} {p.Name}").ToList();
            if (machine.ThisType is not null)
            {
                constructorParameters.Insert(0, $"{machine.ThisType} __receiver");
            }

            writer.WriteLine($"public {machine.MachineName}({string.Join(", ", constructorParameters)})");
            writer.OpenBlock();
            writer.WriteLine("this = default;");
            if (machine.ThisType is not null)
            {
                writer.WriteLine("__this = __receiver;");
            }

            foreach (ParameterSpec parameter in spec.Parameters)
            {
                writer.WriteLine($"p_{parameter.Name.TrimStart('@')} = {parameter.Name};");
            }

            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine("/// <inheritdoc/>");
            writer.WriteLine($"public readonly {resultType} Result => __result;");
            writer.WriteLine();
            writer.WriteLine("/// <inheritdoc/>");
            if (machine.Lowered)
            {
                string receiver = machine.ThisType is null ? string.Empty : "__this.";
                writer.WriteLine($"public bool MoveNext(global::CoroGen.TaskBox task) => {receiver}{machine.StepName}{typeArguments}(ref this, task);");
            }
            else
            {
                WriteAdapterMoveNext(writer, spec, machine, typeArguments);
            }

            writer.CloseBlock();
            WriteFactory(writer, spec, machine, typeParameters, typeArguments);

            if (machine.ClosureText is { } closure)
            {
                writer.WriteLine();
                writer.WriteLine($"/// <summary>What the lambdas of <c>{spec.Name}</c> capture, shared with its machine (as C#'s display class).</summary>");
                writer.WriteLine($"{(machine.IsPrivate ? "private" : "internal")} sealed class {machine.ClosureName}{typeParameters}");
                WriteConstraints(writer, spec.TypeParameters, terminator: string.Empty);
                writer.OpenBlock();
                foreach (string line in closure.TrimEnd('\n').Split('\n'))
                {
                    if (line.StartsWith("#", System.StringComparison.Ordinal))
                    {
                        writer.WriteDirective(line);
                    }
                    else
                    {
                        writer.WriteLine(line);
                    }
                }

                writer.CloseBlock();
            }

            if (machine.Lowered)
            {
                writer.WriteLine();
                writer.WriteLine($"[global::System.CodeDom.Compiler.GeneratedCode(\"CoroGen.Generator\", \"{Version}\")]");
                string @static = machine.ThisType is null ? "static " : string.Empty;
                writer.WriteLine($"private {@static}bool {machine.StepName}{typeParameters}(ref {machineType} {Lowering.MachineLowerer.M}, global::CoroGen.TaskBox {Lowering.MachineLowerer.Task})");
                WriteConstraints(writer, spec.TypeParameters, terminator: string.Empty);
                writer.OpenBlock();
                foreach (string line in ResolveSite(machine.StepBody, machine, boxedCallees, type: false).TrimEnd('\n').Split('\n'))
                {
                    writer.WriteLine(line);
                }

                writer.CloseBlock();
            }

            writer.WriteDirective("#nullable restore warnings");
            writer.WriteDirective("#pragma warning restore");
        }

        /// <summary>The factory other code calls to start the machine in a pooled box (spawn, cycles, interceptors, private machines).</summary>
        private static void WriteFactory(SourceWriter writer, CoroutineSpec spec, MachineSpec machine, string typeParameters, string typeArguments)
        {
            var parameters = spec.Parameters.Select(static p => $"{p.Type} {p.Name}").ToList();
            var arguments = spec.Parameters.Select(static p => p.Name).ToList();
            if (machine.ThisType is { } thisType)
            {
                parameters.Insert(0, $"{thisType} __receiver");
                arguments.Insert(0, machine.ThisIsReference ? "__receiver ?? throw new global::System.NullReferenceException()" : "__receiver");
            }

            string machineType = machine.MachineName + typeArguments;
            string construction = $"new {machineType}({string.Join(", ", arguments)})";
            writer.WriteLine();
            writer.WriteLine($"/// <summary>Starts <c>{spec.Name}</c> on the machine path, in a pooled box.</summary>");
            writer.WriteLine("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
            writer.WriteLine($"{(machine.FactoryIsPrivate ? "private" : "internal")} static {spec.ReturnType} {machine.FactoryName}{typeParameters}({string.Join(", ", parameters)})");
            WriteConstraints(writer, spec.TypeParameters, terminator: string.Empty);
            writer.WriteLine(machine.ReturnsVoid
                ? $"    => global::CoroGen.CompilerServices.MachineCoro.CreateVoid<{machineType}>({construction});"
                : $"    => global::CoroGen.CompilerServices.MachineCoro.Create<{machineType}, {machine.ResultType}>({construction});");
        }

        private static void WriteAdapterMoveNext(SourceWriter writer, CoroutineSpec spec, MachineSpec machine, string typeArguments)
        {
            string receiver = machine.ThisType is null ? string.Empty : "__this.";
            string arguments = string.Join(", ", spec.Parameters.Select(static p => "p_" + p.Name.TrimStart('@')));
            writer.WriteLine("public bool MoveNext(global::CoroGen.TaskBox task)");
            writer.OpenBlock();
            writer.WriteLine("if (__state == 0)");
            writer.OpenBlock();
            writer.WriteLine("__state = 1;");
            writer.WriteLine($"__awaiter = {receiver}{spec.Name}{typeArguments}({arguments}).GetAwaiter();");
            writer.WriteLine("if (!__awaiter.IsCompleted)");
            writer.OpenBlock();
            writer.WriteLine("__awaiter.Suspend(task);");
            writer.WriteLine("return false;");
            writer.CloseBlock();
            writer.CloseBlock();
            writer.WriteLine();
            writer.WriteLine(machine.ReturnsVoid ? "__awaiter.GetResult();" : "__result = __awaiter.GetResult();");
            writer.WriteLine("__awaiter = default;");
            writer.WriteLine("return true;");
            writer.CloseBlock();
        }

        /// <summary>Replaces callee-site markers with the inline or boxed form.</summary>
        private static string ResolveSite(string text, MachineSpec machine, EquatableArray<string> boxedCallees, bool type)
        {
            if (text.IndexOf('\u0001') < 0)
            {
                return text;
            }

            foreach (CalleeSiteSpec site in machine.CalleeSites)
            {
                bool boxed = boxedCallees.Contains(site.CalleeKey);
                if (type)
                {
                    text = text.Replace(site.Marker, boxed ? site.BoxedFieldType : site.InlineFieldType);
                    continue;
                }

                string code = boxed ? site.BoxedCode : site.InlineCode;
                var lines = text.Split('\n').ToList();
                for (int i = 0; i < lines.Count; i++)
                {
                    int at = lines[i].IndexOf(site.Marker, System.StringComparison.Ordinal);
                    if (at >= 0)
                    {
                        string indentation = lines[i].Substring(0, at);
                        lines[i] = string.Join("\n", code.Split('\n').Select(l => l.Length == 0 ? l : l.EndsWith(":", System.StringComparison.Ordinal) && !l.Contains(" ") ? l : indentation + l));
                    }
                }

                text = string.Join("\n", lines);
            }

            return text;
        }
    }
}
