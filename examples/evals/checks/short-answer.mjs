// A custom assertion: the default export gets the agent's output and a context
// ({case, calls, usage, costUsd, latencyMs, options}) and returns a boolean or {pass, score, message}.
export default function shortAnswer(output, { options }) {
  const limit = options?.['max-words'] ?? 100;
  const words = output.split(/\s+/).filter(Boolean).length;
  return { pass: words <= limit, score: words <= limit ? 1 : limit / words, message: `${words} words (at most ${limit})` };
}
