import { libraryConfig } from '../../tsup.base.ts';

// One entry per subpath export; keep heavy modules (jose, OpenTelemetry)
// off the root entry so a client's cold import stays small.
export default libraryConfig({
  index: 'src/index.ts',
  errors: 'src/errors/index.ts',
  transport: 'src/transport/index.ts',
  client: 'src/client/index.ts',
  retry: 'src/retry/index.ts',
  'rate-limit': 'src/rate-limit/index.ts',
  auth: 'src/auth/index.ts',
  serialization: 'src/serialization/index.ts',
  pagination: 'src/pagination/index.ts',
  streaming: 'src/streaming/index.ts',
  webhooks: 'src/webhooks/index.ts',
  telemetry: 'src/telemetry/index.ts',
});
