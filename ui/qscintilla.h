#pragma once

// The QScintilla headers, included through here: they spell `signals` and `slots`, which
// QT_NO_KEYWORDS removes, so the keywords are mapped for their duration only.

#if !defined(signals) && !defined(slots)
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define HOGSCOPE_QSCI_KEYWORDS
#endif

#include <Qsci/qscilexercustom.h>
#include <Qsci/qsciscintilla.h>

#ifdef HOGSCOPE_QSCI_KEYWORDS
#undef signals
#undef slots
#undef HOGSCOPE_QSCI_KEYWORDS
#endif
