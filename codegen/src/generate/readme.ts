import { markdownTable } from '../internal/markdown-table.js';
import type { SourceRecord } from '../pack/source.js';
import { bannerText } from './banner.js';
import { type PackContext, pascalCase } from './context.js';
import type { OperationMetadata } from './operations.js';

/** README.md: purpose, install, example, auth, defaults in numbers, capabilities, webhooks. */
export function renderReadme(
  ctx: PackContext,
  table: readonly OperationMetadata[],
  source: SourceRecord,
): string {
  const { pack } = ctx;
  const Name = pascalCase(pack.id);
  const byId = new Map(table.map((op) => [op.id, op]));
  const out: string[] = [];
  out.push(`<!-- ${bannerText(ctx)} -->`, '', `# ${pack.npm}`, '', pack.description, '');
  out.push('## Install', '', '```sh', `npm install ${pack.npm}`, '```', '');
  out.push(
    'Node 20.19+ or 22.12+. One ES module build, which `require()` loads too (require(esm)); types for both.',
    '',
  );
  out.push(
    '## Example',
    '',
    '```ts',
    (pack.readme?.example ?? defaultExample(ctx)).trimEnd(),
    '```',
    '',
  );

  const entries = Object.entries(pack.entries);
  if (entries.length) {
    const rows = [
      [`\`${pack.npm}\``, 'The generated client, its types and webhook verifiers'],
      ...entries.map(([name, entry]) => [
        `\`${pack.npm}/${name}\``,
        `${entry.description ?? 'Hand-written'} (\`${entry.path}\`)`,
      ]),
    ];
    out.push('## Entry points', '', ...markdownTable(['Import', 'What'], rows), '');
    const peers = Object.keys(pack.optionalPeerDependencies);
    if (peers.length) {
      out.push(
        `The hand-written entries need ${peers.map((peer) => `\`${peer}\``).join(' and ')}, an optional peer kept out of the plain client's install: \`npm install ${peers.join(' ')}\` to use them.`,
        '',
      );
    }
  }
  for (const section of pack.readme?.sections ?? []) {
    out.push(`## ${section.title}`, '', section.body.trimEnd(), '');
  }

  out.push('## Auth', '');
  if (pack.auth.type === 'basic') {
    out.push(`HTTP Basic (RFC 7617). Pass \`credentials\` as one of:`, '');
    for (const v of pack.auth.variants) {
      out.push(
        `- \`{ ${v.username}, ${v.password} }\`${v.description ? `: ${v.description}` : ''}`,
      );
    }
    out.push(
      '',
      'or `auth: basicAuth(provider)` from `@org/core/auth` for rotating credentials.',
      '',
    );
  } else if (pack.auth.type === 'none') {
    out.push('None.', '');
  } else if (pack.auth.type === 'hmac-sha256') {
    out.push(
      `HMAC-SHA256 request signing with the resource's access key: every attempt carries \`x-ms-date\`, \`x-ms-content-sha256\` and \`Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=…\` (core \`signingPolicy(hmacSha256Signer(…))\`). Pass ${pack.auth.connectionString ? '`connectionString` (`endpoint=https://…;accesskey=…`), or ' : ''}\`${pack.auth.option}\` with \`baseUrl\`; a credential provider lets the key rotate. Or pass \`auth\`, a policy from \`@org/core/auth\` (e.g. a Microsoft Entra ID bearer token).`,
      '',
    );
  } else {
    out.push(`\`${pack.auth.type}\`; or pass \`auth\`, a policy from \`@org/core/auth\`.`, '');
  }

  out.push(
    '## Servers',
    '',
    pack.servers.required
      ? `No shared host: pass your own endpoint, e.g. \`${pack.servers.default}\` (option \`baseUrl\`${pack.auth.type === 'hmac-sha256' && pack.auth.connectionString ? ', or `connectionString`' : ''}). The client refuses to start without one.`
      : `Default base URL: \`${pack.servers.default}\` (option \`baseUrl\`).`,
    '',
  );
  for (const t of pack.servers.templates) {
    out.push(`Option \`${t.id}\`: \`${t.url}\`${t.description ? `. ${t.description}` : ''}`, '');
    for (const [name, variable] of Object.entries(t.variables)) {
      out.push(
        `- \`${name}\`: default \`${variable.default}\`${variable.enum ? `; one of ${variable.enum.map((v) => `\`${v}\``).join(', ')}` : ''}`,
      );
    }
    out.push('');
  }

  out.push('## Defaults', '');
  const defaults: [string, string][] = [];
  const retry = pack.retry;
  defaults.push(['Attempts per call', String(retry.maxAttempts ?? 'core default (3)')]);
  if (retry.baseDelayMs !== undefined || retry.maxDelayMs !== undefined) {
    defaults.push([
      'Backoff',
      `full jitter, base ${retry.baseDelayMs ?? 'core default'} ms, cap ${retry.maxDelayMs ?? 'core default'} ms`,
    ]);
  }
  if (retry.retryStatuses) defaults.push(['Retried statuses', retry.retryStatuses.join(', ')]);
  const keyed = table.filter((op) => op.idempotencyKey).length;
  const unsafe = table.filter((op) => op.idempotent === false).length;
  defaults.push([
    'Non-idempotent operations',
    `${unsafe} of ${table.length}: retried only after a 429 (refused before processing, RFC 6585 §4) or a failure before the request was sent${keyed ? `; ${keyed} take an idempotency key` : ''}`,
  ]);
  const rl = pack.rateLimit;
  if (rl.concurrency !== undefined)
    defaults.push(['Requests in flight per tenant', String(rl.concurrency)]);
  if (rl.requestsPerInterval !== undefined) {
    defaults.push([
      'Requests per interval',
      `${rl.requestsPerInterval} per ${rl.intervalMs ?? 1000} ms`,
    ]);
  }
  defaults.push(['Adaptive limiting (429, Retry-After)', rl.adaptive === false ? 'off' : 'on']);
  defaults.push(['Deadline per call', 'none unless `deadlineMs`']);
  out.push(...markdownTable(['Setting', 'Value'], defaults), '');
  out.push(
    'Pass `retry: false` or `rateLimit: false` to turn either off, or an object to change numbers.',
    '',
  );

  const paged = table.filter((op) => op.pagination);
  if (paged.length) {
    const styles = [...new Set(paged.map((op) => describePagination(op.pagination!)))];
    out.push(
      '## Pagination',
      '',
      `${paged.length} list operations page with ${styles.map((s) => `\`${s}\``).join(', ')}.`,
      '',
    );
  }

  if (Object.keys(pack.capabilities).length) {
    const rows = Object.entries(pack.capabilities).map(([capability, id]) => {
      const op = byId.get(id)!;
      return [`\`${capability}\``, `\`${id}\``, `\`${op.method} ${op.path}\``];
    });
    out.push(
      '## Capabilities',
      '',
      ...markdownTable(['Capability', 'Operation', 'Request'], rows),
      '',
    );
  }

  if (pack.webhooks.length) {
    out.push('## Webhooks', '');
    for (const w of pack.webhooks) {
      out.push(
        `- \`create${Name}${pascalCase(w.id)}Verifier({ ${w.secret} })\`: scheme \`${w.scheme}\`${w.header ? `, header \`${w.header}\`` : ''}. ${w.description ?? ''}${w.docs ? ` ${w.docs}` : ''}`.trimEnd(),
      );
    }
    out.push(
      '',
      '`verifier.verify({ url, headers, body })` or `verifier.verifyRequest(request)` resolves with the verified delivery or rejects with a `WebhookVerificationError` (`@org/core/webhooks`): constant-time comparison, secret rotation, replay guard.',
      '',
    );
  }

  if (pack.usage.length) {
    out.push('## Usage units', '');
    for (const u of pack.usage) {
      out.push(
        `- \`${u.operation}\`: \`${u.unit}\` counted by \`${u.field}\`${u.cost ? `, cost in \`${u.cost.field}\`${u.cost.currencyField ? ` (\`${u.cost.currencyField}\`)` : ''}` : ''}`,
      );
    }
    out.push('');
  }

  out.push(
    '## Errors',
    '',
    "A call resolves to `{ data, error, response }`: `error` is the vendor's error body typed from the spec" +
      (pack.errors ? ` (\`${pack.errors.schema}\`)` : '') +
      '. Failures without a response (network, timeout, deadline, retries exhausted, rate limited) throw a `CoreError` with a stable `code`; see `@org/core/errors`.',
    '',
  );

  const origin = Object.entries(source.origin)
    .map(([k, v]) => `${k} \`${String(v)}\``)
    .join(', ');
  out.push(
    '## Spec',
    '',
    `Generated from \`${ctx.specDir}/${pack.spec}\` (${String(ctx.document.info?.title ?? '')} ${source.version}, sha256 \`${ctx.specSha256}\`), ${origin}. Spec licence: ${source.license.name}.`,
    '',
    `Operations: ${table.length}. Types: \`paths\`, \`components\` and \`operations\` from \`${pack.npm}\`.`,
    '',
  );
  out.push(`Client factory: \`create${Name}Client(options)\`.`, '');
  return out.join('\n');
}

function describePagination(pagination: NonNullable<OperationMetadata['pagination']>): string {
  switch (pagination.style) {
    case 'next-url':
      return pagination.nextField;
    case 'cursor':
      return `${pagination.cursorField} -> ?${pagination.cursorParam}=`;
    case 'page':
      return `?${pagination.pageParam}=`;
    case 'offset':
      return `?${pagination.offsetParam}=`;
    case 'link':
      return 'Link: rel="next"';
    case 'continuation-token':
      return pagination.tokenHeader ?? 'x-ms-continuationtoken';
  }
}

function defaultExample(ctx: PackContext): string {
  const { pack } = ctx;
  const Name = pascalCase(pack.id);
  const env = (name: string) =>
    `process.env.${pack.id.toUpperCase().replaceAll('-', '_')}_${name} ?? ''`;
  let options = '{}';
  if (pack.auth.type === 'basic') {
    const v = pack.auth.variants[0]!;
    options = `{ credentials: { ${v.username}: ${env('USERNAME')}, ${v.password}: ${env('PASSWORD')} } }`;
  } else if (pack.auth.type === 'hmac-sha256') {
    options = pack.auth.connectionString
      ? `{ connectionString: ${env('CONNECTION_STRING')} }`
      : `{ baseUrl: ${env('ENDPOINT')}, ${pack.auth.option}: ${env('ACCESS_KEY')} }`;
  } else if (pack.auth.type !== 'none') {
    options = `{ ${pack.auth.option}: ${env(pack.auth.type === 'bearer' ? 'TOKEN' : 'API_KEY')} }`;
  }
  return `import { create${Name}Client } from '${pack.npm}';\n\nconst client = create${Name}Client(${options});\n`;
}
