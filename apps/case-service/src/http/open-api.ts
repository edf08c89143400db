import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';

/** OpenAPI at /docs (and /docs-json); request schemas come from the class-validator rules themselves. */
export function setUpOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Ayumi case-service')
    .setDescription('Records each step of a job seeker\'s support journey as events. Errors are application/problem+json (RFC 9457). '
      + 'Writes accept Idempotency-Key and If-Match; responses carry the revision, also as ETag.')
    .setVersion('1')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const schemas = validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/' });
  document.components = { ...document.components, schemas: { ...document.components?.schemas, ...schemas } as never };
  SwaggerModule.setup('docs', app, document);
}
