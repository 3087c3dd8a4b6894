// Progressive enhancement only: every page works without this script.
// Starts the NHS.UK design system's components (header menu, error summary focus, skip link).
import { initAll } from './nhsuk-frontend-__NHSUK_VERSION__.min.js'

initAll()
