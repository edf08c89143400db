import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { RegisterEmployerRequest } from './register-employer.request.dto';
import { registerEmployerRoute } from './register-employer.route';

@ApiTags('employers')
@Controller()
export class RegisterEmployerHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('employers')
  @HttpCode(201)
  @ApiOperation({ summary: 'Register an employer, returns employerId' })
  register(@Req() request: Request, @Body() body: RegisterEmployerRequest) {
    return this.commands.fromHttp(registerEmployerRoute, request, body);
  }
}
