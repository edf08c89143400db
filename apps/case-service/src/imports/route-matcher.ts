import type { CommandRoute } from '../command-handling/command-route';

export type RouteMatch = Readonly<{ route: CommandRoute; params: Record<string, string> }>;

/** Matches `POST /cases/C-1/consultations` to its route the way the HTTP router would. */
export function createRouteMatcher(routes: readonly CommandRoute[]): (method: string, path: string) => RouteMatch | null {
  const compiled = routes.map((route) => {
    const names: string[] = [];
    const source = route.path.replace(/:(\w+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    return { route, names, pattern: new RegExp(`^${source}/?$`) };
  });
  return (method, path) => {
    for (const { route, names, pattern } of compiled) {
      const match = route.method === method ? pattern.exec(path) : null;
      if (match) {
        const params = Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
        return { route, params };
      }
    }
    return null;
  };
}
