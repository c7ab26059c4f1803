// Yarn 4 plugin: applies the committed substitutions in the root package.json's
// "optionalSubstitutions" to OPTIONAL dependencies, and nothing else.
//
// Why: a registry mirror may lack the exact version of a non-Linux platform binary that a
// package asks for (e.g. "@swc/core-darwin-arm64@npm:1.16.22"), and yarn 4 resolves every
// platform's optional binary into the lockfile, so it stops with YN0082. A substitution names
// the version to use instead:
//
//   "optionalSubstitutions": { "@swc/core-darwin-arm64@npm:1.16.22": "npm:1.16.21" }
//
// The plugin never asks the registry what exists: the lockfile is a pure function of the
// committed files, whatever the registry gains or loses later. A missing binary without an
// entry still fails with YN0082 (see README "Installing" for how to add one). Linux x64
// binaries are never substituted (the plugin refuses such an entry), and every substitution
// is logged on every install as "[optional-substitution] ...".

const LINUX_X64 = /linux-x64/;

/**
 * The range to use for an optional dependency, or undefined to keep it.
 * @param {Record<string,string>} substitutions   descriptor ("name@npm:1.2.3") -> range
 * @param {{descriptor: string, ident: string, optional: boolean}} dep
 */
function substitute(substitutions, dep) {
  if (!dep.optional) return undefined;
  const range = substitutions[dep.descriptor];
  if (range === undefined) return undefined;
  if (LINUX_X64.test(dep.ident)) {
    throw new Error(
      `optionalSubstitutions: ${dep.descriptor} is a Linux x64 binary; it must resolve to its exact version`,
    );
  }
  if (typeof range !== 'string' || !/^npm:\d+\.\d+\.\d+(-[\w.]+)?$/.test(range)) {
    throw new Error(
      `optionalSubstitutions: ${dep.descriptor} -> ${JSON.stringify(range)} must be an exact "npm:x.y.z"`,
    );
  }
  return range;
}

/** The substitutions of a root manifest (its raw JSON). */
function substitutionsOf(rawManifest) {
  const map = (rawManifest && rawManifest.optionalSubstitutions) || {};
  if (typeof map !== 'object' || Array.isArray(map)) {
    throw new Error('optionalSubstitutions in package.json must be an object');
  }
  return map;
}

module.exports = {
  name: `plugin-optional-substitutions`,
  substitute,
  substitutionsOf,
  factory: require => {
    const { structUtils } = require(`@yarnpkg/core`);
    return {
      hooks: {
        async reduceDependency(dependency, project, parent) {
          const substitutions = substitutionsOf(project.topLevelWorkspace.manifest.raw);
          const ident = structUtils.stringifyIdent(dependency);
          const meta = parent.dependenciesMeta && parent.dependenciesMeta.get(ident);
          const optional = !!meta && [...meta.values()].some(m => m && m.optional);
          const descriptor = structUtils.stringifyDescriptor(dependency);
          const range = substitute(substitutions, { descriptor, ident, optional });
          if (range === undefined) return dependency;
          process.stderr.write(
            `[optional-substitution] ${descriptor} (from ${structUtils.stringifyIdent(parent)}) -> ${range}\n`,
          );
          return structUtils.makeDescriptor(dependency, range);
        },
      },
    };
  },
};
