variable "function_zip_path" {
  description = "The orders functions' deployment zip, relative to this folder. `make plan` (scripts/envctl.py) builds it there with `slsguard zip envs/orders-service/functions/orders`."
  type        = string
  default     = "../../build/orders-service/orders.zip"
}

variable "emulator_teardown" {
  description = "Emulator only: turns the table's deletion protection off so that a destroy can remove it. scripts/envctl.py sets it when destroying on the emulator and never for AWS, where protection is lifted in config.json (with a reason) instead."
  type        = bool
  default     = false
}
