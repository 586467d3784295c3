; Included by electron-builder's NSIS installer (nsis.include in electron-builder.ts).
; Install for the current user only: no install-mode page, no administrator rights. The person
; still chooses the folder (allowToChangeInstallationDirectory).
!macro customInstallMode
  StrCpy $isForceCurrentInstall "1"
!macroend
