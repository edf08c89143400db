import type { ArgumentMetadata } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldProblem } from './problem';
import { InvalidRequestException } from './problem';
import { isStorableText, UNSTORABLE_TEXT_MESSAGE } from './validation';

function flatten(errors: readonly ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = /^\d+$/.test(error.property) ? `${parent}[${error.property}]` : parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: message.replace(/^(property )?\S+ /, `${field} `),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** The query parameter a browser may carry its bearer token in; authentication reads it, no endpoint does. */
export const ACCESS_TOKEN_PARAMETER = 'access_token';

/** Far deeper than any command body; deeper bodies are refused before anything recurses into them. */
const MAX_BODY_DEPTH = 32;

type BodyShape = Readonly<{ pollutingKeys: string[]; unstorableText: string[]; tooDeep: string | null }>;

/**
 * Paths of keys that could pollute prototypes (JSON.parse keeps them as plain own properties), of
 * text the store cannot hold, and the first path nested deeper than MAX_BODY_DEPTH. Iterative: a
 * hostile body cannot exhaust the stack.
 */
function inspectBody(body: object): BodyShape {
  const pollutingKeys: string[] = [];
  const unstorableText: string[] = [];
  const pending: { value: object; path: string; depth: number }[] = [{ value: body, path: '', depth: 1 }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const { value, path, depth } = next;
    if (depth > MAX_BODY_DEPTH) return { pollutingKeys, unstorableText, tooDeep: path };
    for (const key of Object.keys(value)) {
      const field = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
      const child = (value as Record<string, unknown>)[key];
      if (FORBIDDEN_KEYS.has(key)) pollutingKeys.push(field);
      else if (!isStorableText(key) || (typeof child === 'string' && !isStorableText(child))) unstorableText.push(field);
      else if (child !== null && typeof child === 'object') pending.push({ value: child, path: field, depth: depth + 1 });
    }
  }
  return { pollutingKeys, unstorableText, tooDeep: null };
}

/** Refuses bodies that are not JSON objects, nest too deeply, or carry prototype-polluting keys or unstorable text at any depth. */
class RequestBodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Path ids end up in queries: a NUL (%00) or a lone surrogate would make PostgreSQL refuse the query itself.
    if (metadata.type === 'param' && typeof value === 'string' && !isStorableText(value)) {
      const field = metadata.data ?? 'path';
      throw new InvalidRequestException(400, 'REQUEST.INVALID_PARAMETER', `Invalid path parameter: ${field}`, [{ field, message: `${field} ${UNSTORABLE_TEXT_MESSAGE}` }]);
    }
    if (metadata.type === 'query' && value !== null && typeof value === 'object' && Object.hasOwn(value, ACCESS_TOKEN_PARAMETER)) {
      const { [ACCESS_TOKEN_PARAMETER]: _credential, ...parameters } = value as Record<string, unknown>;
      return super.transform(parameters, metadata);
    }
    if (metadata.type === 'body') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new InvalidRequestException(400, 'VALIDATION.FAILED', 'The request body must be a JSON object (Content-Type: application/json)',
          [{ field: 'body', message: 'must be a JSON object' }]);
      }
      const { pollutingKeys: polluting, unstorableText, tooDeep } = inspectBody(value);
      if (tooDeep !== null) {
        const message = `${tooDeep} is nested deeper than ${MAX_BODY_DEPTH} levels`;
        throw new InvalidRequestException(400, 'VALIDATION.FAILED', message, [{ field: tooDeep, message }]);
      }
      if (polluting.length > 0) {
        throw new InvalidRequestException(400, 'VALIDATION.FAILED', `Forbidden field names: ${polluting.join(', ')}`,
          polluting.map((field) => ({ field, message: `${field} is not allowed` })));
      }
      if (unstorableText.length > 0) {
        throw new InvalidRequestException(400, 'VALIDATION.FAILED', `Invalid text: ${unstorableText.join(', ')}`,
          unstorableText.map((field) => ({ field, message: `${field} ${UNSTORABLE_TEXT_MESSAGE}` })));
      }
    }
    return super.transform(value, metadata);
  }
}

/** Whitelisting: unknown fields are refused, not silently dropped; types are never coerced. */
export function createValidationPipe(): ValidationPipe {
  return new RequestBodyValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problems = flatten(errors);
      const fields = [...new Set(problems.map((p) => p.field))];
      return new InvalidRequestException(400, 'VALIDATION.FAILED', `Invalid request: ${fields.join(', ')}`, problems);
    },
  });
}
