package assembly

import (
	"bytes"
	"encoding/json"
	"runtime"
	"slices"

	"github.com/forma-iac/forma/internal/jsonstr"
	"github.com/forma-iac/forma/internal/parallel"
)

// MarshalManifest renders a manifest with a two-space indent, as the CDK
// writes it: the bytes MarshalJSON(m, "  ") writes, with the metadata of
// the artifacts (an entry for every element of every stack) written
// directly instead of through encoding/json and then indented again.
func MarshalManifest(m *Manifest) ([]byte, error) {
	var b bytes.Buffer
	// Room for what most manifests hold: some 200 bytes a metadata entry.
	size := 1024
	for _, a := range m.Artifacts {
		if a != nil {
			size += 512 + 220*len(a.Metadata)
		}
	}
	b.Grow(size)
	b.WriteString("{\n  \"version\": ")
	if err := indentValue(&b, m.Version, "  "); err != nil {
		return nil, err
	}
	if len(m.Artifacts) > 0 {
		b.WriteString(",\n  \"artifacts\": {")
		order := m.artifactOrder()
		parts, err := artifactParts(m, order)
		if err != nil {
			return nil, err
		}
		for i, id := range order {
			if i > 0 {
				b.WriteByte(',')
			}
			b.WriteString("\n    ")
			writeHTMLString(&b, id)
			b.WriteString(": ")
			b.Write(parts[i])
		}
		b.WriteString("\n  }")
	}
	if len(m.Missing) > 0 {
		b.WriteString(",\n  \"missing\": ")
		if err := indentValue(&b, m.Missing, "  "); err != nil {
			return nil, err
		}
	}
	if m.Runtime != nil {
		b.WriteString(",\n  \"runtime\": ")
		if err := indentValue(&b, m.Runtime, "  "); err != nil {
			return nil, err
		}
	}
	b.WriteString("\n}")
	return b.Bytes(), nil
}

// artifactOrder returns the ids of the artifacts in the order MarshalJSON
// writes them: those in Order, then the others sorted.
func (m *Manifest) artifactOrder() []string {
	seen := make(map[string]bool, len(m.Artifacts))
	ids := make([]string, 0, len(m.Artifacts))
	for _, id := range m.Order {
		if _, ok := m.Artifacts[id]; ok && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	var rest []string
	for id := range m.Artifacts {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	return append(ids, rest...)
}

// writeArtifact writes an artifact at the indent prefix (that of the line
// holding its key), as encoding/json writes it indented.
func writeArtifact(b *bytes.Buffer, a *Artifact, prefix string) error {
	if a == nil || len(a.Metadata) == 0 {
		return indentValue(b, a, prefix)
	}
	// Every field but the metadata, in the struct's order: the metadata
	// goes before the display name.
	head := *a
	head.Metadata, head.DisplayName = nil, ""
	data, err := json.Marshal(&head)
	if err != nil {
		return err
	}
	var ind bytes.Buffer
	if err := json.Indent(&ind, data, prefix, "  "); err != nil {
		return err
	}
	// ind ends with "\n" + prefix + "}": continue the object instead.
	b.Write(ind.Bytes()[:ind.Len()-len(prefix)-2])
	inner := prefix + "  "
	b.WriteByte(',')
	newline(b, inner)
	b.WriteString(`"metadata": {`)
	paths := make([]string, 0, len(a.Metadata))
	for p := range a.Metadata {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	entryIndent := inner + "    "
	for i, p := range paths {
		if i > 0 {
			b.WriteByte(',')
		}
		newline(b, inner)
		b.WriteString("  ")
		writeHTMLString(b, p)
		b.WriteString(": ")
		entries := a.Metadata[p]
		switch {
		case entries == nil:
			b.WriteString("null")
			continue
		case len(entries) == 0:
			b.WriteString("[]")
			continue
		}
		b.WriteByte('[')
		for j, e := range entries {
			if j > 0 {
				b.WriteByte(',')
			}
			newline(b, entryIndent)
			b.WriteByte('{')
			newline(b, entryIndent)
			b.WriteString(`  "type": `)
			writeHTMLString(b, e.Type)
			if e.Data != nil {
				b.WriteByte(',')
				newline(b, entryIndent)
				b.WriteString(`  "data": `)
				if s, ok := e.Data.(string); ok {
					writeHTMLString(b, s)
				} else if err := indentValue(b, e.Data, entryIndent+"  "); err != nil {
					return err
				}
			}
			newline(b, entryIndent)
			b.WriteByte('}')
		}
		newline(b, inner)
		b.WriteString("  ]")
	}
	newline(b, inner)
	b.WriteByte('}')
	if a.DisplayName != "" {
		b.WriteByte(',')
		newline(b, inner)
		b.WriteString(`"displayName": `)
		writeHTMLString(b, a.DisplayName)
	}
	newline(b, prefix)
	b.WriteByte('}')
	return nil
}

// newline starts a line indented by indent.
func newline(b *bytes.Buffer, indent string) {
	b.WriteByte('\n')
	b.WriteString(indent)
}

// indentValue writes v as json.Marshal renders it, indented by two spaces
// a level below the indent prefix of the line holding it.
func indentValue(b *bytes.Buffer, v any, prefix string) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return json.Indent(b, data, prefix, "  ")
}

// writeHTMLString writes s as json.Marshal does (HTML characters escaped).
func writeHTMLString(b *bytes.Buffer, s string) { jsonstr.Write(b, s, true) }

// parallelArtifacts is the number of artifacts from which MarshalManifest
// writes them on several goroutines.
const parallelArtifacts = 64

// artifactParts writes the artifacts named by order each into its own
// buffer: on as many goroutines as Go uses cores when there are many of
// them, in order on this one otherwise.
func artifactParts(m *Manifest, order []string) ([][]byte, error) {
	workers := 1
	if len(order) >= parallelArtifacts {
		workers = runtime.GOMAXPROCS(0)
	}
	parts := make([][]byte, len(order))
	errs := make([]error, len(order))
	parallel.For(len(order), workers, func(i int) {
		a := m.Artifacts[order[i]]
		var b bytes.Buffer
		if a != nil {
			b.Grow(512 + 220*len(a.Metadata))
		}
		errs[i] = writeArtifact(&b, a, "    ")
		parts[i] = b.Bytes()
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return parts, nil
}
