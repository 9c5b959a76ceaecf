#!/usr/bin/env bash
# Generator and analyzer cost on a project of 1,000 [Coroutine] methods (20 classes x 50),
# each with a loop, a try/finally, awaits in several positions and an awaited call of another
# coroutine (inlined). Prints csc's per-generator/analyzer times (ReportAnalyzer) and the whole
# build time with CoroGen's generator and analyzers, and without them (same code as plain
# async Coro methods). Usage: bash benchmarks/generator-cost/measure.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$work" "$repo" "${SHARED:-0}" <<'PY'
import sys, os
work, repo = sys.argv[1], sys.argv[2]
shared = 'true' if sys.argv[3] == '1' else 'false'
for variant, attr, partial in (("with", "[Coroutine]\n    ", "partial "), ("without", "", "")):
    d = os.path.join(work, variant); os.makedirs(d)
    gen = '' if variant == "without" else f'<ProjectReference Include="{repo}/Generator/Generator.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" /><ProjectReference Include="{repo}/Analyzers/Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />'
    open(os.path.join(d, "P.csproj"), "w").write(f'''<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings><UseSharedCompilation>{shared}</UseSharedCompilation><NoWarn>CORO0003;CS1998</NoWarn><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally><InterceptorsNamespaces>CoroGen.Generated</InterceptorsNamespaces></PropertyGroup><ItemGroup><ProjectReference Include="{repo}/Runtime/Runtime.csproj" />{gen}</ItemGroup></Project>''')
    for c in range(20):
        body = []
        for m in range(50):
            callee = f"M{m+1}(i)" if m < 49 else "Leaf(i)"
            body.append(f'''    {attr}public static async {partial}Coro<int> M{m}(int n)
    {{
        var total = 0;
        for (var i = 0; i < n; i++)
        {{
            try
            {{
                total += await {callee};
                if (total > 1000) break;
            }}
            finally
            {{
                total++;
            }}
        }}
        await Coro.Sleep(0);
        return total;
    }}
''')
        body.append(f'''    {attr}public static async {partial}Coro<int> Leaf(int i)
    {{
        await Coro.Sleep(0);
        return i;
    }}
''')
        open(os.path.join(d, f"C{c}.cs"), "w").write("using CoroGen;\nnamespace Cost;\npublic static partial class C" + str(c) + "\n{\n" + "".join(body) + "}\n")
PY
for variant in ${VARIANTS:-with without}; do
  dotnet build "$work/$variant/P.csproj" -c Release -m:1 > /dev/null   # restore + build dependencies
  if [ "${SHARED:-0}" = "1" ]; then
    # With the compiler server (the default for users) the second build runs in a warm process.
    touch "$work/$variant"/C0.cs
    dotnet build "$work/$variant/P.csproj" -c Release -m:1 --no-restore > /dev/null
  fi
  touch "$work/$variant"/C0.cs
  start=$(date +%s.%N)
  dotnet build "$work/$variant/P.csproj" -c Release -m:1 --no-restore -v:detailed -p:ReportAnalyzer=true > "$work/$variant.log"
  end=$(date +%s.%N)
  echo "build $variant CoroGen: $(echo "$end - $start" | bc) s"
  grep -E "^ *[0-9.]+ +[0-9<]+ +[A-Z]|Total analyzer execution time|Total generator execution time" "$work/$variant.log" | sed "s/^ *//" | sort -rn | head -8 || true
done
