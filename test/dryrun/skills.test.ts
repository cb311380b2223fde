import { describe, expect, it } from 'vitest';
import { discover } from '@agentship/core';
import { ambiguousSkills, descriptionSimilarity, emptyUsage, skillsUsed, type CallRecord } from '@agentship/core/dryrun';
import { runDryRun } from '@agentship/core/dryrun';
import { makeTree } from '../helpers.js';

const call = (toolCalls: CallRecord['toolCalls']): CallRecord => ({ provider: 'openai', endpoint: 'chat', model: 'm', key: 'k', source: 'cassette', status: 200, stream: false, usage: emptyUsage(), latencyMs: 1, text: '', toolCalls });

describe('skill triggering', () => {
  const names = ['triage-ticket', 'redact-pii', 'search-runbooks'];
  it('sees a skill used through a Skill tool, a tool named after it, or a read of its SKILL.md', () => {
    expect(skillsUsed([call([{ name: 'Skill', arguments: '{"skill":"triage-ticket"}' }])], names)).toEqual(['triage-ticket']);
    expect(skillsUsed([call([{ name: 'Skill', arguments: { command: '/redact-pii' } }])], names)).toEqual(['redact-pii']);
    expect(skillsUsed([call([{ name: 'search_runbooks', arguments: {} }])], names)).toEqual(['search-runbooks']);
    expect(skillsUsed([call([{ name: 'Read', arguments: { file_path: '.claude/skills/redact-pii/SKILL.md' } }])], names)).toEqual(['redact-pii']);
    expect(skillsUsed([call([{ name: 'Skill', arguments: '{"skill":"unknown"}' }, { name: 'Read', arguments: { file_path: 'README.md' } }])], names)).toEqual([]);
  });

  it('flags skills whose descriptions are too alike to choose between, and not distinct ones', () => {
    const root = makeTree({
      'skills/summarize-incident/SKILL.md': '---\nname: summarize-incident\ndescription: Summarizes a production incident from Sentry events into a timeline for the status page.\n---\nx\n',
      'skills/incident-summary/SKILL.md': '---\nname: incident-summary\ndescription: Summarizes production incidents from Sentry events into a status page timeline.\n---\nx\n',
      'skills/redact-pii/SKILL.md': '---\nname: redact-pii\ndescription: Removes emails, names and IP addresses from text before it is quoted anywhere.\n---\nx\n',
    });
    const findings = ambiguousSkills(discover(root).skills);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ ruleId: 'dryrun/ambiguous-skills', severity: 'warning', line: 3 });
    expect(findings[0].message).toMatch(/"incident-summary" and "summarize-incident"|"summarize-incident" and "incident-summary"/);
    expect(descriptionSimilarity('Reviews pull requests', 'Drafts help articles')).toBe(0);
  });
});

describe('rules: levels reach the dry-run findings', () => {
  const alike = (rules: string) =>
    makeTree({
      'agentship.yaml': rules,
      'skills/summarize-incident/SKILL.md':
        '---\nname: summarize-incident\ndescription: Summarizes a production incident from Sentry events into a timeline for the status page.\n---\nx\n',
      'skills/incident-summary/SKILL.md':
        '---\nname: incident-summary\ndescription: Summarizes production incidents from Sentry events into a status page timeline.\n---\nx\n',
    });
  const run = async (rules: string) => (await runDryRun(alike(rules), { env: {} })).result;

  it('re-levels dryrun/ambiguous-skills to an error that fails the run, or turns it off', async () => {
    const raised = await run('rules:\n  dryrun/ambiguous-skills: error\n');
    expect(raised.findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['dryrun/ambiguous-skills error']);
    expect(raised.findings[0].help).toMatch(/docs\/rules\/dryrun\/ambiguous-skills\.md$/);
    expect(raised.pass).toBe(false);
    const off = await run('rules:\n  dryrun: off\n');
    expect(off.findings).toEqual([]);
    expect(off.pass).toBe(true);
  });

  it('refuses an unknown id before any case runs', async () => {
    await expect(run('rules:\n  dryrun/ambiguous-skill: off\n')).rejects.toThrow(/Did you mean "dryrun\/ambiguous-skills"\?/);
  });
});
