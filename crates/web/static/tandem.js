// Progressive enhancement only: every page works without this script.
// Starts the NHS.UK design system's components (header menu, error summary focus, skip link).
import { initAll } from './nhsuk-frontend-__NHSUK_VERSION__.min.js'

// nhsuk-frontend 10 starts only when the body says scripts are supported; the class also turns on
// the CSS meant for pages whose scripts run, so it is set here rather than in the template.
document.body.classList.add('nhsuk-frontend-supported')
initAll()
