/**
 * SARIF 2.1.0: one result per finding, rule metadata, related locations for
 * the evidence and a code flow for the path, so GitHub code scanning and
 * SARIF viewers can show Lockflow's findings.
 */
import type * as Sarif from 'sarif';
import { RULES } from '../review/rules';
import type { Finding, ReviewResult } from '../review/types';

const LEVEL: Record<Finding['severity'], Sarif.Result.level> = { error: 'error', warning: 'warning', info: 'note' };
export const LOCKFLOW_VERSION = '0.1.0';
/** Versioned, so a change to what the fingerprint hashes can start a new key instead of breaking baselines. */
export const FINGERPRINT_KEY = 'lockflow/v1';
const BASELINE: Record<NonNullable<Finding['patchStatus']>, Sarif.Result.baselineState> = { introduced: 'new', 'pre-existing': 'unchanged', fixed: 'absent' };

/** `fixed`: findings of the base a patch made disappear, given as `absent` results after the others. */
export function reviewToSarif(result: ReviewResult, fixed: Finding[] = []): Sarif.Log {
  const rules: Sarif.ReportingDescriptor[] = RULES.map((r) => ({
    id: r.id,
    name: r.id.replace(/[^A-Za-z0-9]+(.)/g, (_, c: string) => c.toUpperCase()),
    shortDescription: { text: r.title },
    fullDescription: { text: r.title },
    defaultConfiguration: { level: LEVEL[r.severity] },
    help: { text: `${r.title}. Lockflow reports it with the path that shows it and a suggested change.` },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const location = (file: string, line: number, endLine = line, message?: string): Sarif.Location => ({
    physicalLocation: { artifactLocation: { uri: toUri(file) }, region: { startLine: Math.max(1, line), endLine: Math.max(1, endLine) } },
    ...(message ? { message: { text: message } } : {}),
  });
  const results: Sarif.Result[] = [...result.findings, ...fixed].map((f) => ({
    ruleId: f.rule,
    ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
    level: LEVEL[f.severity],
    message: { text: `${f.function}(): ${f.message}` },
    locations: [location(f.file, f.line, f.endLine)],
    relatedLocations: f.related.map((r, id) => ({ id, ...location(r.file, r.line, r.line, r.message) })),
    ...(f.trace.length
      ? {
          codeFlows: [
            {
              message: { text: 'the path that shows it' },
              threadFlows: [
                {
                  locations: f.trace.map((t) => ({
                    location: location(t.file ?? f.file, t.line, t.line, t.event),
                    state: { held: { text: t.held.join(', ') || '(none)' } },
                  })),
                },
              ],
            },
          ],
        }
      : {}),
    ...(f.suggestion ? { properties: { suggestion: f.suggestion } } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(f.patchStatus ? { baselineState: BASELINE[f.patchStatus] } : {}),
  }));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Lockflow', version: LOCKFLOW_VERSION, rules } },
        results,
        ...(result.limits.length
          ? { invocations: [{ executionSuccessful: true, toolExecutionNotifications: result.limits.map((l) => ({ level: 'note' as const, message: { text: l } })) }] }
          : {}),
      },
    ],
  };
}

function toUri(file: string): string {
  return file.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/');
}
