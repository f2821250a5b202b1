import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GO_TYPE, HEADER_FUNCS, parse, TemplateError, TemplateMap } from './go-template.js';

/** The row the expected outputs were produced on, by Go's text/template with the docker CLI's functions. */
function row(): object {
  const nested = { URL: '0.0.0.0', Port: 8080, [GO_TYPE]: 'main.Inner' };
  const labels: Record<string, string> = { 'com.example.tier': 'front' };
  return {
    [GO_TYPE]: '*main.Row',
    Name: 'p-web-1',
    Count: 3,
    Ok: true,
    Empty: '',
    Tags: ['a', 'b', 'c'],
    Labels: new Map([
      ['z', 'last'],
      ['a', 'first'],
    ]),
    Nested: nested,
    Ports: [
      { URL: '0.0.0.0', Port: 80 },
      { URL: '::', Port: 443 },
    ],
    Ratio: 2.5,
    Label: (k: unknown) => labels[String(k)] ?? '',
  };
}

/** Template, and what Go 1.19's text/template printed (or the error it gave). */
const CASES: readonly (readonly [string, string | { error: string }])[] = [
  ['{{.Name}}', 'p-web-1'],
  ['{{.Name}} has {{.Count}} ({{.Ok}})', 'p-web-1 has 3 (true)'],
  ['{{.Nested.URL}}:{{.Nested.Port}}', '0.0.0.0:8080'],
  ['{{.Nested}}', '{0.0.0.0 8080}'],
  ['{{.Tags}}', '[a b c]'],
  ['{{.Labels}}', 'map[a:first z:last]'],
  ['{{.Labels.a}}|{{.Labels.missing}}|', 'first|<no value>|'],
  ['{{index .Labels "z"}}|{{index .Tags 1}}', 'last|b'],
  ['{{.Ports}}', '[{0.0.0.0 80} {:: 443}]'],
  ['{{.Ratio}} {{printf "%.3f" .Ratio}} {{printf "%6.2f|" .Ratio}}', '2.5 2.500   2.50|'],
  [
    '{{json .}}',
    '{"Name":"p-web-1","Count":3,"Ok":true,"Empty":"","Tags":["a","b","c"],"Labels":{"a":"first","z":"last"},"Nested":{"URL":"0.0.0.0","Port":8080},"Ports":[{"URL":"0.0.0.0","Port":80},{"URL":"::","Port":443}],"Ratio":2.5}',
  ],
  [
    '{{json .Tags}} {{json .Labels}} {{json .Name}} {{json "<a&b>"}}',
    '["a","b","c"] {"a":"first","z":"last"} "p-web-1" "<a&b>"',
  ],
  ['{{.Label "com.example.tier"}}|{{.Label "nope"}}|', 'front||'],
  [
    '{{upper .Name}} {{lower "ABC"}} {{title "hello wORLD-x y_z o\'neil"}}',
    "P-WEB-1 abc Hello WORLD-X Y_z O'Neil",
  ],
  [
    '{{join .Tags ", "}} {{join .Labels "+"}} {{join (split "a:b:c" ":") "/"}}',
    'a, b, c first+last a/b/c',
  ],
  ['{{split "a,b" ","}} {{len (split "xyz" "")}}', '[a b] 3'],
  [
    '{{truncate .Name 3}}|{{truncate .Name 30}}|{{pad .Name 1 2}}|{{pad .Empty 1 2}}|',
    'p-w|p-web-1| p-web-1  ||',
  ],
  ['{{printf "%s-%d-%v-%q-%t" .Name .Count .Tags .Name .Ok}}', 'p-web-1-3-[a b c]-"p-web-1"-true'],
  [
    '{{printf "%-10s|%10s|%05d|%x|%X|%o|%+d" "ab" "cd" 42 255 255 8 3}}',
    'ab        |        cd|00042|ff|FF|10|+3',
  ],
  [
    '{{printf "%d" .Name}} {{printf "%s" .Count}} {{printf "%s %s" .Name}} {{printf "%s" .Name 1}}',
    '%!d(string=p-web-1) %!s(int=3) p-web-1 %!s(MISSING) p-web-1%!(EXTRA int=1)',
  ],
  ['{{printf "%v %v %v" .Nested .Labels .Ok}}', '{0.0.0.0 8080} map[a:first z:last] true'],
  [
    '{{if .Ok}}yes{{else}}no{{end}} {{if .Empty}}yes{{else if .Count}}count{{else}}none{{end}}',
    'yes count',
  ],
  [
    '{{range .Tags}}[{{.}}]{{end}} {{range $i, $t := .Tags}}{{$i}}={{$t}} {{end}}',
    '[a][b][c] 0=a 1=b 2=c ',
  ],
  ['{{range $k, $v := .Labels}}{{$k}}:{{$v}};{{end}}', 'a:first;z:last;'],
  ['{{range .Ports}}{{.URL}}:{{.Port}} {{else}}none{{end}}', '0.0.0.0:80 :::443 '],
  [
    '{{range .Empty}}x{{else}}empty{{end}}',
    { error: 'template: :1:8: executing "" at <.Empty>: range can\'t iterate over ' },
  ],
  ['{{with .Nested}}{{.URL}}{{end}} {{with .Empty}}x{{else}}no{{end}}', '0.0.0.0 no'],
  ['{{$n := .Name}}{{$n}} {{$ := .Count}}', 'p-web-1 '],
  ['{{$x := 1}}{{$x = 2}}{{$x}}', '2'],
  ['{{- "a" }}  x  {{ "b" -}}  y', 'a  x  by'],
  ['a {{- /* a comment */ -}} b', 'ab'],
  ['{{.Name | printf "%s!"}} {{.Count | printf "%d%s" 1}}', 'p-web-1! 1%!s(int=3)'],
  [
    '{{eq .Count 3}} {{eq .Name "x" "p-web-1"}} {{ne .Count 2}} {{lt 1 2}} {{le 2 2}} {{gt "b" "a"}} {{ge 1 2}}',
    'true true true true true true false',
  ],
  ['{{and .Ok .Count}} {{and .Empty .Count}} {{or .Empty .Name}} {{not .Ok}}', '3  p-web-1 false'],
  ['{{len .Name}} {{len .Tags}} {{len .Labels}} {{len "é"}}', '7 3 2 2'],
  ['{{print .Name .Count .Ok 1 2 "x"}}|{{println .Name 1}}|', 'p-web-13 true 1 2x|p-web-1 1\n|'],
  [
    '{{.Nope}}',
    {
      error:
        'template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *main.Row',
    },
  ],
  [
    '{{.Nested.Nope}}',
    {
      error:
        'template: :1:9: executing "" at <.Nested.Nope>: can\'t evaluate field Nope in type main.Inner',
    },
  ],
  [
    '{{.Name.Nope}}',
    {
      error:
        'template: :1:7: executing "" at <.Name.Nope>: can\'t evaluate field Nope in type string',
    },
  ],
  ['{{nofunc .Name}}', { error: 'template: :1: function "nofunc" not defined' }],
  ['{{.Name', { error: 'template: :1: unclosed action' }],
  ['{{if .Ok}}x', { error: 'template: :1: unexpected EOF' }],
  ['{{end}}', { error: 'template: :1: unexpected {{end}}' }],
  [
    '{{.Name 1}}',
    {
      error:
        'template: :1:2: executing "" at <.Name>: Name has arguments but cannot be invoked as function',
    },
  ],
  [
    '{{"a" 1}}',
    { error: 'template: :1:2: executing "" at <"a">: can\'t give argument to non-function "a"' },
  ],
  [
    '{{index .Tags 5}}',
    {
      error:
        'template: :1:2: executing "" at <index .Tags 5>: error calling index: index out of range: 5',
    },
  ],
  [
    '{{range .Tags}}{{if eq . "b"}}{{break}}{{end}}{{.}}{{end}} {{range .Tags}}{{if eq . "b"}}{{continue}}{{end}}{{.}}{{end}}',
    'a ac',
  ],
  [
    'line1\n{{.Nope}}',
    {
      error:
        'template: :2:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *main.Row',
    },
  ],
  [
    '{{`raw\\t`}} {{"esc\\t\\x41\\u00e9"}} {{\'a\'}} {{0x10}} {{1e3}} {{-5}}',
    'raw\\t esc\tAé 97 16 1000 -5',
  ],
  ['{{(index .Ports 1).URL}} {{(.Nested).Port}}', ':: 8080'],
  ['{{$.Name}} {{range .Tags}}{{$.Count}}{{end}}', 'p-web-1 333'],
  ['{{json .Ratio}} {{json .Count}} {{json .Ok}} {{json .Empty}}', '2.5 3 true ""'],
  ['{{printf "%q" "tab\\there \\"q\\" é \\u0001"}}', '"tab\\there \\"q\\" é \\x01"'],
  [
    '{{printf "%8.3s|%-4d|%e|%g|%.2e" "abcdef" 7 1234.5678 0.000012 99999.0}}',
    '     abc|7   |1.234568e+03|1.2e-05|1.00e+05',
  ],
  ['{{printf "%%|%c|%U" 65 65}}', '%|A|U+0041'],
  // Go's %q escapes a non-ASCII space; a rune is quoted with ' (escaped inside) and " bare.
  ['{{printf "%q|%q|%q" "a\u00a0b" 39 34}}', "\"a\\u00a0b\"|'\\''|'\"'"],
  ['{{.Count | eq 3}}', 'true'],
];

test('go-template executes as Go text/template with the docker CLI functions', () => {
  for (const [template, expected] of CASES) {
    let actual: string | { error: string };
    try {
      actual = parse(template).execute(row());
    } catch (err) {
      assert.ok(err instanceof TemplateError, `${template}: ${String(err)}`);
      actual = { error: err.message };
    }
    assert.deepEqual(actual, expected, template);
  }
});

test('go-template header functions leave column titles as they are, except pad', () => {
  const header = new TemplateMap(new Map([['Name', 'NAME']]), {
    Label: (k) => String(k).split('.').pop() ?? '',
  });
  const t = parse(
    '{{upper .Name}}|{{truncate .Name 2}}|{{pad .Name 1 0}}|{{.Label "a.b"}}|{{.Nope}}',
  );
  assert.equal(t.execute(header, HEADER_FUNCS), 'NAME|NAME| NAME|b|<no value>');
});
