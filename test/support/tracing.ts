/** Import first in a test file that reads spans: tracing into memory starts before http is loaded. */
import { startTestTracing } from '@qc/shared/testing/tracing';

export const { spans, tracing } = startTestTracing();
