import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CommandRunner } from '../command-handling/command-runner';
import { OpenCaseRequest } from './open-case.request.dto';
import { openCaseRoute } from './open-case.route';

@ApiTags('cases')
@Controller()
export class OpenCaseHttpController {
  constructor(private readonly commands: CommandRunner) {}

  @Post('cases')
  @HttpCode(201)
  @ApiOperation({ summary: 'Open a case (intake)' })
  open(@Req() request: Request, @Body() body: OpenCaseRequest) {
    return this.commands.fromHttp(openCaseRoute, request, body);
  }
}
