package thingsboard

// CustomTranslationService manages custom UI translations (Professional Edition). See Client.CustomTranslations.
type CustomTranslationService service
