data "aws_partition" "current" {}
data "aws_service" "current" { service_id = "apigateway" }
data "aws_caller_identity" "current" {}

locals {
  # "GET /orders/{id}" -> method GET, resource path "orders/{id}" ("" for the root).
  routes = { for key, route in var.routes : key => merge(route, {
    method        = split(" ", key)[0]
    resource_path = trimprefix(split(" ", key)[1], "/")
  }) }

  # Every resource the routes need, by depth: "orders", "orders/{id}", "orders/{id}/items".
  resource_paths = distinct(flatten([for route in values(local.routes) : [
    for depth in range(1, length(split("/", route.resource_path)) + 1) : join("/", slice(split("/", route.resource_path), 0, depth))
  ] if route.resource_path != ""]))
  resources_by_depth = { for depth in [1, 2, 3] : depth => {
    for path in local.resource_paths : path => {
      parent    = join("/", slice(split("/", path), 0, depth - 1))
      path_part = element(split("/", path), depth - 1)
    } if length(split("/", path)) == depth
  } }

  resource_ids = merge(
    { "" = aws_api_gateway_rest_api.this.root_resource_id },
    { for path, resource in aws_api_gateway_resource.depth1 : path => resource.id },
    { for path, resource in aws_api_gateway_resource.depth2 : path => resource.id },
    { for path, resource in aws_api_gateway_resource.depth3 : path => resource.id },
  )

  # Keys gate every method while usage plans exist; public routes are the explicit exception.
  api_key_required = { for key, route in local.routes : key => length(var.usage_plans) > 0 && !route.public }

  # The execute-api ARN a request carries: stage/METHOD/path, with path parameters (and ANY)
  # matching any value.
  route_source_paths = { for key, route in local.routes : key =>
    "*/${route.method == "ANY" ? "*" : route.method}/${replace(route.resource_path, "/\\{[^}]+\\}/", "*")}"
  }
}

resource "aws_api_gateway_rest_api" "this" {
  name           = var.name
  description    = var.description
  api_key_source = "HEADER"

  endpoint_configuration {
    types = ["REGIONAL"]
  }

  tags = var.tags

  lifecycle {
    # Rules across inputs live here (not in variable validations) to keep terraform 1.7 support.
    precondition {
      condition     = !anytrue([for ok in [for key in values(var.api_keys) : contains(keys(var.usage_plans), key.tier)] : !ok])
      error_message = "every api_keys entry must name a tier of usage_plans."
    }
    precondition {
      condition     = !anytrue([for ok in [for route in var.routes : route.authorization == "iam" || route.public || length(var.usage_plans) > 0] : !ok])
      error_message = "a route without IAM authorization and without usage plans (API keys) must be marked public = true explicitly."
    }
    precondition {
      condition     = !var.alarms_enabled || var.alarm_topic_arn != null
      error_message = "alarm_topic_arn is required while alarms_enabled is true (set alarms_enabled = false explicitly to run without alarms)."
    }
  }
}

resource "aws_api_gateway_resource" "depth1" {
  for_each = local.resources_by_depth[1]

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_rest_api.this.root_resource_id
  path_part   = each.value.path_part
}

resource "aws_api_gateway_resource" "depth2" {
  for_each = local.resources_by_depth[2]

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.depth1[each.value.parent].id
  path_part   = each.value.path_part
}

resource "aws_api_gateway_resource" "depth3" {
  for_each = local.resources_by_depth[3]

  rest_api_id = aws_api_gateway_rest_api.this.id
  parent_id   = aws_api_gateway_resource.depth2[each.value.parent].id
  path_part   = each.value.path_part
}

resource "aws_api_gateway_request_validator" "this" {
  rest_api_id                 = aws_api_gateway_rest_api.this.id
  name                        = "body-and-parameters"
  validate_request_body       = true
  validate_request_parameters = true
}

resource "aws_api_gateway_method" "this" {
  for_each = local.routes

  rest_api_id          = aws_api_gateway_rest_api.this.id
  resource_id          = local.resource_ids[each.value.resource_path]
  http_method          = each.value.method
  authorization        = each.value.authorization == "iam" ? "AWS_IAM" : "NONE"
  api_key_required     = local.api_key_required[each.key]
  request_validator_id = aws_api_gateway_request_validator.this.id
  request_parameters   = length(each.value.required_parameters) > 0 ? { for parameter in each.value.required_parameters : parameter => true } : null
}

resource "aws_api_gateway_integration" "this" {
  for_each = local.routes

  rest_api_id             = aws_api_gateway_rest_api.this.id
  resource_id             = aws_api_gateway_method.this[each.key].resource_id
  http_method             = aws_api_gateway_method.this[each.key].http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = "arn:${data.aws_partition.current.partition}:apigateway:${data.aws_service.current.region}:lambda:path/2015-03-31/functions/${each.value.function_arn}/invocations"
}

# One invoke permission per route, scoped to this API, the route's method and its path.
resource "aws_lambda_permission" "routes" {
  for_each = local.routes

  # "name:alias" goes in as name and qualifier: the provider reads the alias back into
  # qualifier, so a qualified function_name would be replaced on every plan.
  statement_id  = "${var.name}-${substr(replace(each.key, "/[^A-Za-z0-9_-]/", "_"), 0, 36)}-${substr(sha1(each.key), 0, 8)}"
  action        = "lambda:InvokeFunction"
  function_name = split(":", each.value.function_name)[0]
  qualifier     = try(split(":", each.value.function_name)[1], null)
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.this.execution_arn}/${local.route_source_paths[each.key]}"
}
