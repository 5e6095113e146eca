#!/usr/bin/env python3
"""Derives the golden-vector expectations used by the wire tests from the captured OpenSIPS vectors.

Reads ../shared/vectors/opensips/NNN-*.json (the decoded fields of each captured packet) and writes
wire/src/test/resources/vectors/opensips/expected-fields.tsv: one line per field, facts only
(file, section, field name, value), so the tests do not depend on shared/ being present.
Also copies the .bin packets beside it. Run from the repository root after the vectors change.
"""
import glob, json, os, re, shutil, sys

src = sys.argv[1] if len(sys.argv) > 1 else '../shared/vectors/opensips'
dst = 'wire/src/test/resources/vectors/opensips'
os.makedirs(dst, exist_ok=True)

def esc(v):
    s = str(v)
    return s.replace('\\', '\\\\').replace('\t', '\\t').replace('\n', '\\n').replace('\r', '\\r')

def leaves(fields, section, out):
    for f in fields:
        if f['type'] == 'group':
            inner = 'chunk' if re.match(r'chunk\[\d+\]$', f['name']) else section
            leaves(f['fields'], inner, out)
            continue
        name = re.sub(r'\[\d+\]', '', f['name']).split('.')[-1]
        out.append((section, name, f['value']))

lines = ['# file\tsection\tfield\tvalue  (derived from the OpenSIPS 3.6.8 capture; see tools/derive-vector-expectations.py)']
for path in sorted(glob.glob(os.path.join(src, '[0-9]*.json'))):
    j = json.load(open(path))
    fn = j['file']
    shutil.copyfile(os.path.join(src, fn), os.path.join(dst, fn))
    out = [('header', 'capability', j['capability']), ('header', 'version', j['version']),
           ('header', 'packet_type', j['packet_type']), ('header', 'packet_type_name', j['packet_type_name']),
           ('header', 'length', j['length'])]
    leaves(j['body'], 'body', out)
    for t in j.get('trailer', []):
        out.append(('trailer', t['name'], t['value']))
    for section, name, value in out:
        lines.append('\t'.join([fn, section, name, esc(value)]))
open(os.path.join(dst, 'expected-fields.tsv'), 'w').write('\n'.join(lines) + '\n')
print(len(glob.glob(os.path.join(dst, '*.bin'))), 'vectors')
