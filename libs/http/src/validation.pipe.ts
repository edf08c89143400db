import type { ArgumentMetadata } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import type { FieldProblem } from './problem';
import { InvalidRequestException } from './problem';

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

/** Paths of keys that could pollute prototypes; JSON.parse keeps them as plain own properties. */
function pollutingKeys(value: unknown, path = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) => {
    const field = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
    return FORBIDDEN_KEYS.has(key) ? [field] : pollutingKeys((value as Record<string, unknown>)[key], field);
  });
}

/** Refuses bodies that are not JSON objects, and prototype-polluting keys at any depth. */
class RequestBodyValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body') {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        throw new InvalidRequestException(400, 'VALIDATION.FAILED', 'The request body must be a JSON object (Content-Type: application/json)',
          [{ field: 'body', message: 'must be a JSON object' }]);
      }
      const polluting = pollutingKeys(value);
      if (polluting.length > 0) {
        throw new InvalidRequestException(400, 'VALIDATION.FAILED', `Forbidden field names: ${polluting.join(', ')}`,
          polluting.map((field) => ({ field, message: `${field} is not allowed` })));
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
