// Package packageurl is a small stand-in for github.com/package-url/packageurl-go, which Debian
// does not package: the part of the package-URL spec (github.com/package-url/purl-spec) that
// BuildKit's util/purl uses to name images in provenance attestations —
// pkg:type/namespace/name@version?key=value&...#subpath, each part percent-encoded, qualifiers
// sorted by key.
package packageurl

import (
	"errors"
	"net/url"
	"sort"
	"strings"
)

// Package types BuildKit uses.
const (
	TypeDocker = "docker"
	TypeOCI    = "oci"
)

// Qualifier is one key=value pair of a package URL.
type Qualifier struct {
	Key   string
	Value string
}

// Qualifiers is the ordered list of a package URL's qualifiers.
type Qualifiers []Qualifier

// Map returns the qualifiers as a map.
func (qq Qualifiers) Map() map[string]string {
	m := make(map[string]string, len(qq))
	for _, q := range qq {
		m[q.Key] = q.Value
	}
	return m
}

// PackageURL is a parsed package URL.
type PackageURL struct {
	Type       string
	Namespace  string
	Name       string
	Version    string
	Qualifiers Qualifiers
	Subpath    string
}

// NewPackageURL returns a package URL of its parts.
func NewPackageURL(purlType, namespace, name, version string, qualifiers Qualifiers, subpath string) *PackageURL {
	return &PackageURL{Type: purlType, Namespace: namespace, Name: name, Version: version, Qualifiers: qualifiers, Subpath: subpath}
}

func escape(s string) string {
	return strings.ReplaceAll(url.PathEscape(s), "%3A", ":")
}

// ToString returns the canonical text of the package URL.
func (p *PackageURL) ToString() string {
	var b strings.Builder
	b.WriteString("pkg:")
	b.WriteString(strings.ToLower(p.Type))
	b.WriteString("/")
	if p.Namespace != "" {
		for _, seg := range strings.Split(p.Namespace, "/") {
			b.WriteString(escape(seg))
			b.WriteString("/")
		}
	}
	b.WriteString(escape(p.Name))
	if p.Version != "" {
		b.WriteString("@")
		b.WriteString(escape(p.Version))
	}
	qq := append(Qualifiers{}, p.Qualifiers...)
	sort.SliceStable(qq, func(i, j int) bool { return qq[i].Key < qq[j].Key })
	sep := "?"
	for _, q := range qq {
		if q.Value == "" {
			continue
		}
		b.WriteString(sep)
		b.WriteString(strings.ToLower(q.Key))
		b.WriteString("=")
		b.WriteString(escape(q.Value))
		sep = "&"
	}
	if p.Subpath != "" {
		b.WriteString("#")
		b.WriteString(p.Subpath)
	}
	return b.String()
}

func (p PackageURL) String() string { return p.ToString() }

// FromString parses a package URL.
func FromString(s string) (PackageURL, error) {
	var p PackageURL
	rest, ok := strings.CutPrefix(s, "pkg:")
	if !ok {
		return p, errors.New("purl scheme is not \"pkg\": " + s)
	}
	rest, p.Subpath, _ = strings.Cut(rest, "#")
	rest, query, _ := strings.Cut(rest, "?")
	if query != "" {
		for _, kv := range strings.Split(query, "&") {
			k, v, _ := strings.Cut(kv, "=")
			uv, err := url.PathUnescape(v)
			if err != nil {
				return p, err
			}
			p.Qualifiers = append(p.Qualifiers, Qualifier{Key: strings.ToLower(k), Value: uv})
		}
	}
	rest = strings.TrimLeft(rest, "/")
	typ, path, ok := strings.Cut(rest, "/")
	if !ok || typ == "" {
		return p, errors.New("purl is missing type or name: " + s)
	}
	p.Type = strings.ToLower(typ)
	if i := strings.LastIndex(path, "@"); i >= 0 {
		v, err := url.PathUnescape(path[i+1:])
		if err != nil {
			return p, err
		}
		p.Version, path = v, path[:i]
	}
	segs := strings.Split(strings.Trim(path, "/"), "/")
	for i, seg := range segs {
		u, err := url.PathUnescape(seg)
		if err != nil {
			return p, err
		}
		segs[i] = u
	}
	p.Name = segs[len(segs)-1]
	p.Namespace = strings.Join(segs[:len(segs)-1], "/")
	if p.Name == "" {
		return p, errors.New("purl is missing name: " + s)
	}
	return p, nil
}
