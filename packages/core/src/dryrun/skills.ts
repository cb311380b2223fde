import type { Finding } from '../findings/index.js';
import type { SkillFolder } from '../discover/index.js';
import type { CallRecord } from './types.js';

/** Tools through which agents load a skill by name (Claude Code's Skill tool and common equivalents). */
const SKILL_TOOLS = new Set(['skill', 'use_skill', 'load_skill', 'activate_skill', 'read_skill']);

const norm = (s: string) => s.toLowerCase().replace(/_/g, '-');

/**
 * The skills a case used, read from the model calls it made: a call to a skill-loading tool naming
 * the skill, a tool named after the skill, or a tool call reading the skill's SKILL.md.
 */
export function skillsUsed(calls: CallRecord[], skillNames: string[]): string[] {
  const used = new Set<string>();
  const byNorm = new Map(skillNames.map((n) => [norm(n), n]));
  for (const call of calls) {
    for (const tool of call.toolCalls) {
      const direct = byNorm.get(norm(tool.name));
      if (direct) used.add(direct);
      const args = typeof tool.arguments === 'string' ? tool.arguments : JSON.stringify(tool.arguments ?? {});
      let parsed: unknown;
      try {
        parsed = typeof tool.arguments === 'string' ? JSON.parse(tool.arguments) : tool.arguments;
      } catch {
        parsed = undefined;
      }
      if (SKILL_TOOLS.has(norm(tool.name).replace(/-/g, '_')) && parsed && typeof parsed === 'object') {
        for (const key of ['skill', 'name', 'command', 'skill_name']) {
          const v = (parsed as Record<string, unknown>)[key];
          const found = typeof v === 'string' ? byNorm.get(norm(v.replace(/^\//, ''))) : undefined;
          if (found) used.add(found);
        }
      }
      for (const [n, name] of byNorm) if (norm(args).includes(`/${n}/skill.md`)) used.add(name);
    }
  }
  return [...used].sort();
}

const STOPWORDS = new Set(
  'a an and are as at be by can do for from has have how in into is it its of on or such that the their them then this to use used uses using when where which while with you your skill skills user users asks ask'.split(' '),
);

function contentWords(text: string): Set<string> {
  return new Set(
    text
      .toLowerCase()
      .split(/[^a-z0-9]+/)
      .filter((w) => w.length > 2 && !STOPWORDS.has(w))
      .map((w) => w.replace(/(ies|es|s)$/, (m) => (m === 'ies' ? 'y' : ''))),
  );
}

/** Jaccard similarity of the content words of two descriptions, 0..1. */
export function descriptionSimilarity(a: string, b: string): number {
  const wa = contentWords(a);
  const wb = contentWords(b);
  if (wa.size === 0 || wb.size === 0) return 0;
  let both = 0;
  for (const w of wa) if (wb.has(w)) both++;
  return both / (wa.size + wb.size - both);
}

export const AMBIGUITY_THRESHOLD = 0.5;

/**
 * Static triggering check: skills whose descriptions share most of their words give the model no
 * way to choose between them. One warning per pair, on the later skill.
 */
export function ambiguousSkills(skills: SkillFolder[], threshold = AMBIGUITY_THRESHOLD): Finding[] {
  const described = skills
    .map((s) => {
      const data = s.frontmatter.data?.value as Record<string, unknown> | undefined;
      return { skill: s, name: typeof data?.name === 'string' ? data.name : s.folderName, description: typeof data?.description === 'string' ? data.description : '', line: s.frontmatter.data?.lineOf(['description']) ?? 1 };
    })
    .filter((s) => s.description);
  const findings: Finding[] = [];
  for (let i = 0; i < described.length; i++) {
    for (let j = i + 1; j < described.length; j++) {
      const a = described[i];
      const b = described[j];
      const similarity = descriptionSimilarity(a.description, b.description);
      if (similarity < threshold) continue;
      findings.push({
        ruleId: 'dryrun/ambiguous-skills',
        severity: 'warning',
        message: `Skills "${a.name}" and "${b.name}" have descriptions that are ${Math.round(similarity * 100)}% alike (${a.skill.file.path}); the model cannot tell which to trigger. Say in each description what sets it apart.`,
        file: b.skill.file.path,
        line: b.line,
      });
    }
  }
  return findings;
}
