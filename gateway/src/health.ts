/** A subgraph the gateway routes to, with the URL the gateway actually uses. */
export interface SubgraphEndpoint {
  name: string;
  url: string;
}

/**
 * Another dependency to report on `/readyz` (the subscription engine's event feed, for example). A
 * `required` check that fails makes the gateway unavailable; any other failure only makes it degraded.
 */
export interface ReadinessCheck {
  name: string;
  required?: boolean;
  /** Resolves true when the dependency works; false or a rejection means it does not. */
  check(): Promise<boolean>;
}

/**
 * - `ready`: the supergraph is loaded and every subgraph and check answers.
 * - `degraded`: still serving (HTTP 200), with partial data: at least one subgraph answers, but some
 *   subgraph or optional check does not. Pulling every replica out of the load balancer for one failed
 *   subgraph would turn a partial outage into a full one.
 * - `unavailable` (HTTP 503): the supergraph is not loaded, no subgraph answers, or a required check fails.
 */
export type ReadinessStatus = 'ready' | 'degraded' | 'unavailable';

export interface ReadinessReport {
  status: ReadinessStatus;
  /** True unless `unavailable`: the answer a load balancer acts on. */
  ready: boolean;
  supergraphLoaded: boolean;
  subgraphs: Record<string, 'up' | 'down'>;
  /** Extra checks by name (absent when there are none). */
  checks?: Record<string, 'up' | 'down'>;
  /** Subgraphs and checks that do not answer. */
  down: string[];
}

/** `http://host:4001/graphql` -> `http://host:4001/healthz` (the subgraph's liveness endpoint). */
export function healthUrlOf(subgraphUrl: string): string {
  const url = new URL(subgraphUrl);
  url.pathname = `${url.pathname.replace(/\/graphql\/?$/, '').replace(/\/$/, '')}/healthz`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

async function answers(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.ok;
  } catch {
    return false;
  }
}

async function passes(check: ReadinessCheck, timeoutMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([check.check().catch(() => false), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

const state = (up: boolean): 'up' | 'down' => (up ? 'up' : 'down');

/** The status for a set of results; pure, so the policy is tested without any server. */
export function readinessStatus(input: {
  supergraphLoaded: boolean;
  subgraphsUp: number;
  subgraphsDown: number;
  requiredChecksDown: number;
  optionalChecksDown: number;
}): ReadinessStatus {
  if (!input.supergraphLoaded || input.subgraphsUp === 0 || input.requiredChecksDown > 0)
    return 'unavailable';
  return input.subgraphsDown > 0 || input.optionalChecksDown > 0 ? 'degraded' : 'ready';
}

/**
 * Readiness from the supergraph, each subgraph's `/healthz` and any extra checks (see
 * `ReadinessStatus`). Concurrent probes share one round of checks, so a burst of `/readyz` calls does
 * not multiply requests to subgraphs.
 */
export function createReadinessCheck(options: {
  isSupergraphLoaded: () => boolean;
  subgraphs: () => readonly SubgraphEndpoint[];
  extraChecks?: readonly ReadinessCheck[];
  timeoutMs?: number;
}): () => Promise<ReadinessReport> {
  const timeoutMs = options.timeoutMs ?? 2000;
  let inFlight: Promise<ReadinessReport> | null = null;

  const check = async (): Promise<ReadinessReport> => {
    const extraChecks = options.extraChecks ?? [];
    const [subgraphResults, checkResults] = await Promise.all([
      Promise.all(
        options.subgraphs().map(async ({ name, url }) => ({
          name,
          up: await answers(healthUrlOf(url), timeoutMs),
        })),
      ),
      Promise.all(
        extraChecks.map(async (extra) => ({
          name: extra.name,
          required: extra.required ?? false,
          up: await passes(extra, timeoutMs),
        })),
      ),
    ]);
    const supergraphLoaded = options.isSupergraphLoaded();
    const status = readinessStatus({
      supergraphLoaded,
      subgraphsUp: subgraphResults.filter(({ up }) => up).length,
      subgraphsDown: subgraphResults.filter(({ up }) => !up).length,
      requiredChecksDown: checkResults.filter(({ up, required }) => !up && required).length,
      optionalChecksDown: checkResults.filter(({ up, required }) => !up && !required).length,
    });
    return {
      status,
      ready: status !== 'unavailable',
      supergraphLoaded,
      subgraphs: Object.fromEntries(subgraphResults.map(({ name, up }) => [name, state(up)])),
      ...(checkResults.length > 0
        ? { checks: Object.fromEntries(checkResults.map(({ name, up }) => [name, state(up)])) }
        : {}),
      down: [...subgraphResults, ...checkResults].filter(({ up }) => !up).map(({ name }) => name),
    };
  };

  return () => {
    inFlight ??= check().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
