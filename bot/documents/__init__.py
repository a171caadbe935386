"""Pictures and documents drawn from the engine's plain data (dialogs.messages Picture and
Document): a PNG timeline (Pillow) and a PDF of an order (fpdf2), both with a CJK font."""
