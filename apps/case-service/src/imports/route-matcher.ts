import { InvalidRequestException } from '@ayumi/http';
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
        const params = Object.fromEntries(names.map((name, i) => [name, decodePathSegment(match[i + 1]!)]));
        return { route, params };
      }
    }
    return null;
  };
}

/** A malformed %-escape is the client's error (400), not an exception escaping from decodeURIComponent. */
function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InvalidRequestException(400, 'IMPORT.INVALID_PATH', `Malformed percent-encoding in the path segment "${segment}"`,
      [{ field: 'path', message: 'path has a malformed percent-encoding' }]);
  }
}
