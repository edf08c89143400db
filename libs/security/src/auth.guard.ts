import type { CanActivate, ExecutionContext } from '@nestjs/common';
import { createParamDecorator, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { ApiTokens } from './api-tokens';
import { forbidden, unauthenticated } from './auth-errors';
import { authenticate } from './credentials';
import type { Permission, Principal } from './roles';
import { can } from './roles';

const PUBLIC_ROUTE = 'ayumi:public-route';
const REQUIRED_PERMISSION = 'ayumi:required-permission';

/** Open without a token (only /health). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The permission an endpoint needs. Command endpoints are checked per command route instead. */
export const RequirePermission = (permission: Permission) => SetMetadata(REQUIRED_PERMISSION, permission);

type AuthenticatedRequest = Request & { principal?: Principal };

/** The caller the guard authenticated; every non-public handler has one. */
export function principalOf(request: Request): Principal {
  const { principal } = request as AuthenticatedRequest;
  if (!principal) throw unauthenticated('A bearer token is required');
  return principal;
}

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal =>
  principalOf(context.switchToHttp().getRequest<Request>()));

/** Authenticates every request but those marked @Public, then checks the endpoint's permission. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, @Inject(ApiTokens) private readonly tokens: ApiTokens) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = await authenticate(this.tokens, request, context.switchToHttp().getResponse<Response>());
    request.principal = principal;
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(REQUIRED_PERMISSION, targets);
    if (permission !== undefined && !can(principal, permission)) throw forbidden(permission);
    return true;
  }
}
