// Checks of the install's inputs, run early by `make test` (scripts/check-lockfile.sh) with
// Node's own test runner: the substitution rule of the yarn plugin, and the invariants of the
// committed yarn.lock that keep it a pure function of the committed files.
const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { parseSyml } = require('@yarnpkg/parsers');

const root = path.resolve(__dirname, '../..');
const plugin = require(path.join(
  root,
  '.yarn/plugins/plugin-optional-substitutions.cjs',
));
const manifest = JSON.parse(
  fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
);
const lock = parseSyml(fs.readFileSync(path.join(root, 'yarn.lock'), 'utf8'));

const substitutions = {
  '@swc/core-darwin-arm64@npm:1.16.22': 'npm:1.16.21',
  '@rollup/rollup-linux-x64-musl@npm:4.68.7': 'npm:4.68.2',
  '@rollup/rollup-win32-x64-msvc@npm:4.68.7': '4.68.2',
};
const dep = (descriptor, optional = true) => ({
  descriptor,
  ident: descriptor.slice(0, descriptor.lastIndexOf('@')),
  optional,
});

test('an optional dependency in the map takes the mapped exact version', () => {
  assert.equal(
    plugin.substitute(substitutions, dep('@swc/core-darwin-arm64@npm:1.16.22')),
    'npm:1.16.21',
  );
});

test('a dependency not in the map, or not optional, is kept as asked', () => {
  assert.equal(
    plugin.substitute(substitutions, dep('@swc/core-darwin-arm64@npm:1.16.18')),
    undefined,
  );
  assert.equal(
    plugin.substitute(
      substitutions,
      dep('@swc/core-darwin-arm64@npm:1.16.22', false),
    ),
    undefined,
  );
  assert.equal(
    plugin.substitute({}, dep('@swc/core-darwin-arm64@npm:1.16.22')),
    undefined,
  );
});

test('a Linux x64 binary is never substituted', () => {
  assert.throws(
    () =>
      plugin.substitute(
        substitutions,
        dep('@rollup/rollup-linux-x64-musl@npm:4.68.7'),
      ),
    /Linux x64 binary; it must resolve to its exact version/,
  );
});

test('a substitution must name an exact npm version', () => {
  assert.throws(
    () =>
      plugin.substitute(
        substitutions,
        dep('@rollup/rollup-win32-x64-msvc@npm:4.68.7'),
      ),
    /must be an exact "npm:x.y.z"/,
  );
});

test('the map must be an object', () => {
  assert.deepEqual(plugin.substitutionsOf({}), {});
  assert.throws(
    () => plugin.substitutionsOf({ optionalSubstitutions: ['a'] }),
    /must be an object/,
  );
});

// Every dependency edge of the lockfile: [parent entry, dependency name, range, optional].
function edges() {
  const out = [];
  for (const [key, entry] of Object.entries(lock)) {
    if (key === '__metadata') continue;
    for (const [name, range] of Object.entries(entry.dependencies ?? {})) {
      const optional = !!entry.dependenciesMeta?.[name]?.optional;
      out.push({ parent: entry.resolution, name, range, optional });
    }
  }
  return out;
}
const lockKeys = new Set(
  Object.keys(lock).flatMap(k => k.split(',').map(s => s.trim())),
);

test('the committed map is valid and every entry of it is used by the lockfile', () => {
  const map = plugin.substitutionsOf(manifest);
  for (const [descriptor, range] of Object.entries(map)) {
    const name = descriptor.slice(0, descriptor.lastIndexOf('@'));
    const used = edges().filter(
      e => e.optional && `${e.name}@${e.range}` === descriptor,
    );
    assert.ok(
      used.length > 0,
      `optionalSubstitutions: ${descriptor} is not an optional dependency in yarn.lock (stale entry)`,
    );
    plugin.substitute(map, dep(descriptor));
    assert.ok(
      lockKeys.has(`${name}@${range}`),
      `${name}@${range} is not locked`,
    );
  }
});

test('every Linux x64 binary is locked at exactly the version its package asks for', () => {
  const linux = edges().filter(
    e => /linux-x64/.test(e.name) && /^npm:\d/.test(e.range),
  );
  assert.ok(linux.length > 0, 'expected Linux x64 binaries in yarn.lock');
  for (const e of linux) {
    const entry =
      lock[`${e.name}@${e.range}`] ??
      Object.entries(lock).find(([k]) =>
        k.split(', ').includes(`${e.name}@${e.range}`),
      )?.[1];
    assert.ok(
      entry,
      `${e.name}@${e.range} (from ${e.parent}) is not locked as asked`,
    );
    if (/^npm:\d+\.\d+\.\d+$/.test(e.range)) {
      assert.equal(
        `npm:${entry.version}`,
        e.range,
        `${e.name} from ${e.parent}`,
      );
    }
  }
});

test('every optional dependency is locked as asked unless the map substitutes it', () => {
  const map = plugin.substitutionsOf(manifest);
  const missing = edges()
    .filter(e => e.optional && e.range.startsWith('npm:'))
    .map(e => {
      const descriptor = `${e.name}@${e.range}`;
      const wanted = map[descriptor]
        ? `${e.name}@${map[descriptor]}`
        : descriptor;
      return lockKeys.has(wanted) ? undefined : `${wanted} (from ${e.parent})`;
    })
    .filter(Boolean);
  assert.deepEqual(missing, []);
});
