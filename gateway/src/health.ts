/** A subgraph the gateway routes to, with the URL the gateway actually uses. */
export interface SubgraphEndpoint {
  name: string;
  url: string;
}

export interface ReadinessReport {
  ready: boolean;
  supergraphLoaded: boolean;
  subgraphs: Record<string, 'up' | 'down'>;
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

/**
 * Readiness: the supergraph is loaded and every subgraph's `/healthz` answers 2xx. Concurrent probes
 * share one round of checks, so a burst of `/readyz` calls does not multiply requests to subgraphs.
 */
export function createReadinessCheck(options: {
  isSupergraphLoaded: () => boolean;
  subgraphs: () => readonly SubgraphEndpoint[];
  timeoutMs?: number;
}): () => Promise<ReadinessReport> {
  let inFlight: Promise<ReadinessReport> | null = null;

  const check = async (): Promise<ReadinessReport> => {
    const endpoints = options.subgraphs();
    const results = await Promise.all(
      endpoints.map(
        async ({ name, url }) => [name, await answers(healthUrlOf(url), options.timeoutMs ?? 2000)] as const,
      ),
    );
    const subgraphs = Object.fromEntries(results.map(([name, up]) => [name, up ? 'up' : 'down'] as const));
    const down = results.filter(([, up]) => !up).map(([name]) => name);
    const supergraphLoaded = options.isSupergraphLoaded();
    return {
      ready: supergraphLoaded && endpoints.length > 0 && down.length === 0,
      supergraphLoaded,
      subgraphs,
      down,
    };
  };

  return () => {
    inFlight ??= check().finally(() => {
      inFlight = null;
    });
    return inFlight;
  };
}
