// Types of cdktf's jest matchers (toHaveResourceWithProperties, ...), registered by Testing.setupJest().
import 'cdktf/lib/testing/adapters/jest';
