// Writes tests/fixtures/assemblyscript/token.scenario.json from the token example as it compiles now.
import { writeFileSync } from 'node:fs';
import { compileExample } from './helpers';
import { TOKEN_SCENARIO_PATH, tokenScenarioText } from './tokenScenario';

writeFileSync(TOKEN_SCENARIO_PATH, tokenScenarioText(await compileExample('token.ts')));
console.log(`wrote ${TOKEN_SCENARIO_PATH.pathname}`);
