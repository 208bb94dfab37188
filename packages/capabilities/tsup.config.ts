import { libraryConfig } from '../../tsup.base.ts';

// One entry per subpath export. zod is loaded lazily (on the first call that
// validates), so no entry pulls it in at import time.
export default libraryConfig({
  index: 'src/index.ts',
  sms: 'src/sms/index.ts',
  testing: 'src/testing/index.ts',
});
