// What the size budget measures: an app that does `import { Client } from "omnigate"` and uses it.
import { Client } from '../../src/index.js';

export default Client;
