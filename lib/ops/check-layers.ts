import { createRequire } from 'node:module';
import { cruise, type IConfiguration } from 'dependency-cruiser';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

/**
 * `npm run lint:layers`: the layering rules of .dependency-cruiser.cjs. Called through the API rather
 * than the `depcruise` command, whose version check refuses Node 20 while the rules run fine on it.
 */
const { forbidden, options = {} } = createRequire(import.meta.url)('../../.dependency-cruiser.cjs') as IConfiguration;
const tsConfig = extractTSConfig(options.tsConfig?.fileName ?? 'tsconfig.json');
const result = await cruise(['app', 'components', 'db', 'lib', 'e2e', 'bin', 'server.ts'], { ...options, validate: true, ruleSet: { forbidden } }, undefined, {
  tsConfig,
});
if (typeof result.output === 'string') throw new Error('dependency-cruiser answered text instead of its result');

const { violations, totalCruised } = result.output.summary;
for (const v of violations) {
  const cycle = v.cycle?.length ? ` (cycle: ${v.cycle.map((step) => step.name).join(' → ')})` : '';
  console.error(`${v.rule.name}: ${v.from} → ${v.to}${cycle}`);
}
console.log(`layers: ${totalCruised} modules, ${violations.length} violations`);
if (violations.length > 0) process.exitCode = 1;
