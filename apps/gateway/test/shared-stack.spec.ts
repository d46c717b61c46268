import { stopSharedStack } from './shared-stack';

// Small end-to-end suites on one stack (see shared-stack.ts): each was a file that started its own.
import './partner-suspension.suite';
import './tampered-cursors.suite';
import './lead-conversion.suite';
import './references.suite';
import './partner-deal-flow.suite';

afterAll(() => stopSharedStack(), 120_000);
