import helmet from 'helmet';

/**
 * helmet's headers, without `upgrade-insecure-requests`: the apps are often reached over plain HTTP
 * inside a centre's network (behind TLS at the edge or not), where upgraded asset requests would fail.
 */
export const securityHeaders = () => helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
