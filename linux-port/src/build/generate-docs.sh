#!/usr/bin/env bash
# Generates what the package ships besides the jars, from the CLI's own picocli annotations so the
# docs cannot drift from the code:
#   OUT/man/*.1.gz                 one man page per command (picocli ManPageGenerator -> AsciiDoc,
#                                  asciidoctor -> troff, gzip -9n as Debian wants)
#   OUT/completion/duplex          bash completion (picocli AutoComplete)
#   OUT/doc/{copyright,changelog.gz}
# Usage: generate-docs.sh JAVA CLASSPATH OUT DOC_SOURCES   (the Maven build calls it)
set -euo pipefail
java="$1" classpath="$2" out="$3" doc_src="$4"

command -v asciidoctor >/dev/null 2>&1 \
    || { echo "generate-docs: asciidoctor is missing (apt-get install asciidoctor); it turns the generated man pages into troff" >&2; exit 1; }

rm -rf "$out"
mkdir -p "$out/adoc" "$out/man" "$out/completion" "$out/doc"

"$java" -cp "$classpath" picocli.codegen.docgen.manpage.ManPageGenerator \
    --outdir="$out/adoc" org.duplex.cli.DuplexCommand
asciidoctor --failure-level WARN -b manpage -D "$out/man" "$out"/adoc/*.adoc
count=$(find "$out/man" -name '*.1' | wc -l)
[ "$count" -gt 1 ] || { echo "generate-docs: expected a man page per command, got $count" >&2; exit 1; }
gzip -9n "$out"/man/*.1

"$java" -cp "$classpath" picocli.AutoComplete --force --name=duplex \
    --completionScript="$out/completion/duplex" org.duplex.cli.DuplexCommand
# Sourced by bash-completion, never run: no #! line (Debian's lintian asks for that).
sed -i '1{/^#!/d}' "$out/completion/duplex"
grep -q 'complete -F' "$out/completion/duplex" \
    || { echo "generate-docs: the completion script has no 'complete' registration" >&2; exit 1; }

cp "$doc_src/copyright" "$out/doc/copyright"
gzip -9n -c "$doc_src/changelog" > "$out/doc/changelog.gz"
