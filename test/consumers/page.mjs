import { main } from './app.mjs';

main(location.origin).then(
  (result) => {
    window.result = result;
  },
  (err) => {
    window.result = String(err?.stack ?? err);
  },
);
